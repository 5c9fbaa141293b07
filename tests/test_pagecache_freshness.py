"""Cached pages never show stale content and never show one reader's details to another."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from pagecache.models import ContentVersion
from posts.models import Post
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def reader_pages(post):
    """Return every reader page that lists or shows the post (or, for one, its neighbour)."""
    local = timezone.localtime(post.published_at)
    return [
        "/",
        f"/{local:%Y}/",
        f"/{local:%Y/%m}/",
        f"/{local:%Y/%m/%d}/",
        "/tag/budget/",
        f"/author/{post.author.username}/",
    ]


def test_a_second_reader_gets_the_cached_page_with_their_own_name_and_token(
    client, django_assert_max_num_queries
):
    make_post(title="Spending review")
    robin = make_user("robin", first_name="Robin", last_name="Reader")
    sam = make_user("sam", first_name="Sam", last_name="Second")
    client.force_login(robin)
    assert "Signed in as Robin Reader" in client.get("/").text

    other = Client(enforce_csrf_checks=True)
    other.force_login(sam)
    # Session, user and content version: the page itself comes from the cache.
    with django_assert_max_num_queries(3):
        page = other.get("/").text
    assert "Spending review" in page
    assert "Signed in as Sam Second" in page
    assert "Robin" not in page
    token = CSRF_INPUT.search(page).group(1)
    assert other.post("/logout/", {"csrfmiddlewaretoken": token}).status_code == 302


def test_the_sign_out_token_from_a_cached_page_is_the_readers_own(client):
    make_post(title="Spending review")
    client.force_login(make_user("robin"))
    first_token = CSRF_INPUT.search(client.get("/").text).group(1)
    other = Client(enforce_csrf_checks=True)
    other.force_login(make_user("sam"))
    other.get("/")
    # Robin's token is not valid with Sam's CSRF cookie.
    assert other.post("/logout/", {"csrfmiddlewaretoken": first_token}).status_code == 403


def test_a_new_post_appears_on_every_page_at_once(reader_client):
    old = make_post(title="Old news", tags=["budget"])
    pages = [*reader_pages(old), old.get_absolute_url()]
    for url in pages:
        assert reader_client.get(url).status_code == 200
    new = make_post(
        title="Fresh news", tags=["budget"], author=old.author, published_at=old.published_at
    )
    for url in [*pages, new.get_absolute_url()]:
        assert "Fresh news" in reader_client.get(url).text, url


def test_an_edit_appears_on_every_page_at_once(reader_client):
    post = make_post(title="Draft title", tags=["budget"])
    other = make_post(title="Neighbour", published_at=post.published_at - timedelta(hours=1))
    pages = [*reader_pages(post), post.get_absolute_url(), other.get_absolute_url()]
    for url in pages:
        assert "Draft title" in reader_client.get(url).text, url
    post.title = "Final title"
    post.body = "<p>Comments are now closed on this post.</p>"
    post.save()
    for url in pages:
        page = reader_client.get(url).text
        assert "Final title" in page, url
        assert "Draft title" not in page, url
    assert "Comments are now closed" in reader_client.get(post.get_absolute_url()).text


def test_unpublishing_removes_the_post_from_every_page_at_once(reader_client):
    keep = make_post(title="Stays up", tags=["budget"])
    post = make_post(
        title="Taken down", tags=["budget"], author=keep.author, published_at=keep.published_at
    )
    for url in reader_pages(post):
        assert "Taken down" in reader_client.get(url).text
    post.status = Post.Status.DRAFT
    post.save()
    for url in reader_pages(post):
        assert "Taken down" not in reader_client.get(url).text, url
    assert reader_client.get(post.get_absolute_url()).status_code == 404


def test_tagging_a_post_shows_it_on_the_tag_page_at_once(reader_client):
    make_post(title="Tagged already", tags=["budget"])
    post = make_post(title="Tagged later")
    # In the list itself, not the sidebar's recent posts.
    listed = f'<a href="{post.get_absolute_url()}">Tagged later</a></h2>'
    assert listed not in reader_client.get("/tag/budget/").text
    post.tags.add("budget")
    assert listed in reader_client.get("/tag/budget/").text


def test_an_authors_new_name_shows_at_once(reader_client):
    post = make_post(title="By the chief")
    assert "Alex Author" in reader_client.get(post.get_absolute_url()).text
    post.author.last_name = "Renamed"
    post.author.save()
    assert "Alex Renamed" in reader_client.get(post.get_absolute_url()).text


def test_signing_in_does_not_empty_the_cache(client, reader):
    make_post(title="Cached")
    client.force_login(reader)
    token = ContentVersion.objects.get(pk=1).token
    client.logout()
    client.login(username="reader", password="pw-for-tests")
    assert ContentVersion.objects.get(pk=1).token == token


def test_a_scheduled_post_appears_on_cached_pages_when_its_time_comes(reader_client, monkeypatch):
    make_post(title="Already out", tags=["budget"])
    scheduled = make_post(
        title="Monday message", tags=["budget"], published_at=timezone.now() + timedelta(hours=1)
    )
    for url in ["/", "/tag/budget/"]:
        assert "Monday message" not in reader_client.get(url).text
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for url in ["/", "/tag/budget/", scheduled.get_absolute_url()]:
        assert "Monday message" in reader_client.get(url).text, url


def test_an_editors_preview_of_a_draft_is_never_served_to_readers(editor_client, reader):
    draft = make_post(title="Secret plan", status=Post.Status.DRAFT)
    assert "Secret plan" in editor_client.get(draft.get_absolute_url()).text
    other = Client()
    other.force_login(reader)
    assert other.get(draft.get_absolute_url()).status_code == 404


def test_staff_and_readers_get_separate_cached_copies(client, editor):
    make_post(title="Shared")
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    assert ">Admin</a>" in client.get("/").text
    other = Client()
    other.force_login(make_user("plain"))
    assert ">Admin</a>" not in other.get("/").text


@pytest.mark.parametrize("page", ["home", "post", "month", "tag"])
def test_an_unchanged_page_answers_304_to_the_same_reader(reader_client, page):
    post = make_post(title="Conditional", tags=["budget"])
    local = timezone.localtime(post.published_at)
    url = {
        "home": "/",
        "post": post.get_absolute_url(),
        "month": f"/{local:%Y/%m}/",
        "tag": "/tag/budget/",
    }[page]
    first = reader_client.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert reader_client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert reader_client.get(url, headers={"if-modified-since": last_modified}).status_code == 304

    make_post(title="Changes everything")
    again = reader_client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_another_reader_with_the_same_etag_gets_the_full_page(reader_client):
    make_post(title="Conditional")
    etag = reader_client.get("/")["ETag"]
    other = Client()
    other.force_login(make_user("someone"))
    response = other.get("/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Conditional" in response.text


def test_cached_pages_tell_browsers_to_check_back_and_proxies_not_to_keep_them(reader_client):
    make_post()
    cache_control = reader_client.get("/")["Cache-Control"]
    assert "private" in cache_control
    assert "no-cache" in cache_control

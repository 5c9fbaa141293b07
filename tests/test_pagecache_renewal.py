"""What renews cached pages: every change readers could see, and nothing else.

Renewing throws away every cached page and fragment (the sidebar takes a quarter of a second to
rebuild at 100,000 posts), so signing in, and saves that change nothing readers see, renew
nothing; a change readers do see shows on the next request.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import REMOVED_COMMENT_TEXT, user_anonymise, user_sign_in_from_claims
from pagecache.models import ContentVersion
from posts.models import Post
from tests.helpers import make_comment, make_photo, make_post, make_user

pytestmark = pytest.mark.django_db

ISSUER = "https://login.council.example/o"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def tokens():
    return dict(ContentVersion.objects.values_list("pk", "token"))


def served_from_the_cache(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return not any("posts_post" in query["sql"] for query in captured.captured_queries)


def claims(**changes):
    return {
        "sub": "jsmith-1",
        "preferred_username": "jsmith",
        "email": "jo.smith@council.example",
        "given_name": "Jo",
        "family_name": "Smith",
        "groups": [],
        **changes,
    }


def test_signing_in_again_by_single_sign_on_renews_nothing(reader_client):
    user_sign_in_from_claims(issuer=ISSUER, claims=claims())
    make_post(title="Cached already")
    reader_client.get("/")
    before = tokens()

    user_sign_in_from_claims(issuer=ISSUER, claims=claims())

    assert tokens() == before
    assert served_from_the_cache(reader_client, "/")


def test_signing_in_for_the_first_time_by_single_sign_on_renews_nothing(reader_client):
    make_post(title="Cached already")
    reader_client.get("/")
    before = tokens()

    user_sign_in_from_claims(issuer=ISSUER, claims=claims())

    assert tokens() == before
    assert served_from_the_cache(reader_client, "/")


def test_a_new_name_at_single_sign_on_shows_on_the_authors_posts_at_once(reader_client):
    author = user_sign_in_from_claims(issuer=ISSUER, claims=claims())
    post = make_post(title="From the chief", author=author)
    assert "Jo Smith" in reader_client.get(post.get_absolute_url()).text

    user_sign_in_from_claims(issuer=ISSUER, claims=claims(family_name="Smith-Jones"))

    assert "Jo Smith-Jones" in reader_client.get(post.get_absolute_url()).text


def test_a_user_save_that_changes_nothing_readers_see_renews_nothing(reader_client):
    author = make_user("chief", first_name="Chief", last_name="Executive")
    make_post(title="Cached already", author=author)
    reader_client.get("/")
    before = tokens()

    author.email = "chief@council.example"
    author.is_staff = True
    author.save()
    reader = reader_client.get("/").wsgi_request.user
    reader.set_password("a-new-password-2026")
    reader.save()

    assert tokens() == before


def test_saving_a_draft_renews_nothing(reader_client):
    make_post(title="Cached already")
    draft = make_post(title="Work in progress", status=Post.Status.DRAFT)
    reader_client.get("/")
    before = tokens()

    draft.body = "<p>A second paragraph.</p>"
    draft.save()

    assert tokens() == before
    assert served_from_the_cache(reader_client, "/")


def test_publishing_a_draft_shows_it_at_once(reader_client):
    draft = make_post(title="Work in progress", status=Post.Status.DRAFT)
    assert "Work in progress" not in reader_client.get("/").text
    draft.status = Post.Status.PUBLISHED
    draft.published_at = draft.created_at
    draft.save()
    assert "Work in progress" in reader_client.get("/").text


@pytest.mark.parametrize("field", ["caption", "alt_text", "credit"])
def test_a_photo_edit_shows_at_once_on_the_pages_showing_it(reader_client, field):
    photo = make_photo(caption="Opening the depot", credit="Sam Lens", alt_text="Staff at a gate")
    post = make_post(title="Depot open", featured_photo=photo)
    old = getattr(photo, field)
    for url in ["/", post.get_absolute_url()]:
        assert old in reader_client.get(url).text, url

    setattr(photo, field, f"Corrected {field}")
    photo.save()

    for url in ["/", post.get_absolute_url()]:
        page = reader_client.get(url).text
        assert f"Corrected {field}" in page, url
        assert old not in page, url


def test_a_photos_library_title_or_a_new_photo_is_not_a_change_readers_see(reader_client):
    photo = make_photo(caption="Opening the depot")
    make_post(title="Depot open", featured_photo=photo)
    reader_client.get("/")
    before = tokens()
    photo.title = "Depot 2026 (library name)"
    photo.save()
    make_photo(caption="Uploaded for next week's post")
    assert tokens() == before


def test_a_leavers_comments_removed_by_an_update_are_gone_at_once(reader_client):
    post = make_post(title="Winter gritting")
    leaver = make_user("leaver", first_name="Lee", last_name="Leaver")
    make_comment(post=post, author=leaver, body="My own thoughts on gritting.")
    url = post.get_absolute_url()
    assert "My own thoughts on gritting." in reader_client.get(url).text

    user_anonymise(user=leaver, actor=make_user("admin"), remove_comments=True)

    page = reader_client.get(url).text
    assert "My own thoughts on gritting." not in page
    assert REMOVED_COMMENT_TEXT in page
    assert "Lee Leaver" not in page

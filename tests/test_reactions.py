"""Reactions under a post: one of each kind per person, counts for all, names for no one."""

import re
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pagecache.models import ContentVersion
from pagecache.version import EVERYTHING, POSTS
from posts.models import Post
from reactions.models import Reaction
from reactions.services import reaction_set
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def react(client, post, kind="thanks", pressed="true", **headers):
    url = reverse("reactions:set", kwargs={"post_id": post.pk})
    return client.post(url, {"kind": kind, "pressed": pressed}, **headers)


def react_by_script(client, post, kind="thanks", pressed="true"):
    return react(client, post, kind, pressed, headers={"Accept": "application/json"})


def button(page, kind):
    """Return the reaction button of this kind in the page's HTML."""
    found = re.search(rf'<button [^>]*data-kind="{kind}"[^>]*>[^<]*</button>', page)
    assert found, f"no {kind} button"
    return found.group(0)


def count_shown(page, kind):
    found = re.search(rf'data-count-of="{kind}">(\d+)<', page)
    assert found, f"no {kind} count"
    return int(found.group(1))


def stored_page_versions():
    """Return the tokens that stored pages and fragments are keyed by."""
    rows = ContentVersion.objects.filter(pk__in=(EVERYTHING, POSTS))
    return sorted(rows.values_list("token", flat=True))


def signed_in(user=None):
    client = Client()
    client.force_login(user or make_user())
    return client


def test_a_reader_says_thank_you_without_javascript_and_comes_back_to_the_reactions(
    reader_client,
):
    post = make_post()
    response = react(reader_client, post)
    assert response.status_code == 303
    assert response["Location"] == f"{post.get_absolute_url()}#reactions"

    page = reader_client.get(post.get_absolute_url()).text
    assert 'aria-pressed="true"' in button(page, "thanks")
    assert 'value="false"' in button(page, "thanks")
    assert count_shown(page, "thanks") == 1
    assert 'aria-pressed="false"' in button(page, "useful")


def test_the_same_thank_you_sent_twice_counts_once_and_taking_it_back_removes_it(
    reader_client, reader
):
    post = make_post()
    react(reader_client, post)
    react(reader_client, post)
    assert Reaction.objects.filter(post=post, user=reader).count() == 1

    react(reader_client, post, pressed="false")
    react(reader_client, post, pressed="false")
    page = reader_client.get(post.get_absolute_url()).text
    assert count_shown(page, "thanks") == 0
    assert 'aria-pressed="false"' in button(page, "thanks")


def test_each_kind_is_its_own_reaction(reader_client, reader):
    post = make_post()
    react(reader_client, post, "thanks")
    react(reader_client, post, "useful")
    assert sorted(Reaction.objects.filter(user=reader).values_list("kind", flat=True)) == [
        "thanks",
        "useful",
    ]


def test_the_database_refuses_a_second_reaction_of_the_same_kind():
    post, user = make_post(), make_user()
    Reaction.objects.create(post=post, user=user, kind="thanks")
    with pytest.raises(IntegrityError):
        Reaction.objects.create(post=post, user=user, kind="thanks")


def test_the_script_gets_the_new_counts_and_a_sentence_for_the_status_line(reader_client):
    post = make_post()
    for _ in range(2):
        react(signed_in(), post)
    response = react_by_script(reader_client, post)
    assert response.status_code == 200
    answer = response.json()
    assert answer["message"] == "You said “Thank you”, with 2 other people."
    assert answer["reactions"][0] == {
        "kind": "thanks",
        "label": "Thank you",
        "count": 3,
        "pressed": True,
    }
    taken_back = react_by_script(reader_client, post, pressed="false").json()
    assert taken_back["message"] == "You took back “Thank you”."
    assert taken_back["reactions"][0]["count"] == 2
    assert taken_back["reactions"][0]["pressed"] is False


def test_counts_and_pressed_buttons_stay_right_on_the_cached_page_for_each_reader():
    post = make_post()
    first, second = signed_in(), signed_in()
    url = post.get_absolute_url()
    # Both have the page from the cache before anyone reacts.
    assert count_shown(first.get(url).text, "thanks") == 0
    assert count_shown(second.get(url).text, "thanks") == 0

    react(first, post)

    page_of_first, page_of_second = first.get(url).text, second.get(url).text
    assert count_shown(page_of_first, "thanks") == count_shown(page_of_second, "thanks") == 1
    assert 'aria-pressed="true"' in button(page_of_first, "thanks")
    assert 'aria-pressed="false"' in button(page_of_second, "thanks")


def test_reacting_renews_no_cached_page(reader_client):
    post = make_post()
    reader_client.get(post.get_absolute_url())
    before = stored_page_versions()
    react(reader_client, post)
    assert stored_page_versions() == before


def test_no_one_sees_who_reacted():
    post = make_post()
    fan = make_user("jordan.fan", first_name="Jordan", last_name="Fan")
    react(signed_in(fan), post)
    page = signed_in().get(post.get_absolute_url()).text
    assert count_shown(page, "thanks") == 1
    assert "Jordan" not in page
    assert "jordan.fan" not in page


def test_the_reactions_come_between_the_post_and_its_comments(reader_client):
    page = reader_client.get(make_post().get_absolute_url()).text
    assert page.index("</article>") < page.index('id="reactions"') < page.index('id="comments')


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Post.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=1)},
        {"unpublish_at": timezone.now() - timedelta(minutes=1)},
    ],
    ids=["draft", "scheduled", "expired"],
)
def test_no_reaction_to_a_post_readers_cannot_see(reader_client, fields):
    post = make_post(**fields)
    assert react(reader_client, post).status_code == 404
    assert react_by_script(reader_client, post).status_code == 404
    assert not Reaction.objects.exists()


def test_a_preview_of_a_draft_shows_no_reactions(admin_client):
    draft = make_post(status=Post.Status.DRAFT)
    page = admin_client.get(reverse("posts:draft", kwargs={"pk": draft.pk})).text
    assert "Preview: not published." in page
    assert 'id="reactions"' not in page


@pytest.mark.parametrize(
    ("kind", "pressed", "message"),
    [
        ("hugs", "true", "Choose one of the reactions under the post."),
        ("", "true", "Choose one of the reactions under the post."),
        ("thanks", "maybe", "Say whether to add the reaction or take it back."),
        ("thanks", "", "Say whether to add the reaction or take it back."),
    ],
)
def test_a_reaction_that_is_not_offered_is_refused_with_a_message(
    reader_client, kind, pressed, message
):
    post = make_post()
    response = react(reader_client, post, kind, pressed)
    assert response.status_code == 400
    assert message in response.text
    assert react_by_script(reader_client, post, kind, pressed).json() == {"error": message}
    assert not Reaction.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in_and_nothing_is_saved(client):
    response = react(client, make_post())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Reaction.objects.exists()


def test_a_reaction_needs_the_page_s_csrf_token(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert react(client, make_post()).status_code == 403
    assert not Reaction.objects.exists()


def test_the_post_page_sends_the_form_with_its_token_and_the_script(reader_client):
    page = reader_client.get(make_post().get_absolute_url()).text
    assert 'name="csrfmiddlewaretoken"' in page.split('id="reactions"')[1].split("</section>")[0]
    assert "/static/js/reactions.js" in page
    assert 'role="status"' in page


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite's test database is not shared by threads"
)
@pytest.mark.django_db(transaction=True)
def test_one_person_reacting_from_eight_requests_at_once_is_counted_once():
    post, user = make_post(), make_user()
    attempts = 8
    start = threading.Barrier(attempts)
    errors = []

    def send():
        try:
            start.wait()
            reaction_set(post=post, user=user, kind="thanks", pressed=True)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Reaction.objects.filter(post=post, user=user, kind="thanks").count() == 1


def test_a_browser_asking_whether_the_page_changed_gets_the_new_counts_after_a_reaction(
    reader_client,
):
    post = make_post()
    url = post.get_absolute_url()
    first = reader_client.get(url)
    unchanged = reader_client.get(url, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304

    react(reader_client, post)

    again = reader_client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert 'aria-pressed="true"' in button(again.text, "thanks")
    assert again["ETag"] != first["ETag"]


def test_the_token_in_the_reaction_form_of_a_cached_page_is_the_reader_s_own(reader):
    post = make_post()
    signed_in().get(post.get_absolute_url())  # stored by someone else's visit
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    page = client.get(post.get_absolute_url()).text
    form = page.split('id="reactions"')[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    url = reverse("reactions:set", kwargs={"post_id": post.pk})
    fields = {"csrfmiddlewaretoken": token, "kind": "thanks", "pressed": "true"}
    assert client.post(url, fields).status_code == 303
    assert Reaction.objects.filter(user=reader).count() == 1


def reactions_bar(page):
    """Return the reaction bar's HTML with the page's CSRF token taken out."""
    found = re.search(r'<section class="reactions".*?</section>\n', page, re.S)
    assert found, "no reactions bar"
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1TOKEN", found.group(0))


def test_the_reaction_bar_is_pinned_byte_for_byte():
    # How it is made may change (reactions/rendering.py), never what a reader is sent.
    post = make_post(slug="winter-roads")
    reader, other = make_user("robin"), make_user("sam")
    for person, kind in ((reader, "thanks"), (other, "thanks"), (other, "useful")):
        Reaction.objects.create(post=post, user=person, kind=kind)
    golden = Path(__file__).parent / "golden" / "reactions_bar.html"

    shown = reactions_bar(signed_in(reader).get(post.get_absolute_url()).text)

    assert shown == golden.read_text().replace("POST_ID", str(post.pk))

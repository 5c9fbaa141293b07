"""What readers write is shown as written: no text in a comment is taken for a per-user part."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.helpers import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COMMENT_BODY = re.compile(r'<div class="comment__body">(.*?)</div>', re.DOTALL)

# The marker strings ceoblog once used for the CSRF token, the commenter's name and a
# per-user part: text anyone could type into a comment.
OLD_MARKERS = (
    "ceoblog-csrf-token-placeholder",
    "ceoblog-commenter-name-placeholder",
    "ceoblog:per-user:_account.html",
)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def signed_in(username, first_name, last_name):
    client = Client()
    client.force_login(make_user(username, first_name=first_name, last_name=last_name))
    return client


def comment_texts(page):
    return COMMENT_BODY.findall(page)


def test_a_comment_containing_any_marker_text_shows_that_text_to_every_reader():
    post = make_post(title="Winter gritting")
    body = (
        "Odd words: https://elsewhere.example/?t=ceoblog-csrf-token-placeholder and "
        "hello ceoblog-commenter-name-placeholder and <!--ceoblog:per-user:_account.html-->"
    )
    make_comment(post=post, body=body)
    url = post.get_absolute_url()
    # The first renders and stores the page and its comments, the others are served them.
    readers = [
        signed_in("robin", "Robin", "Reader"),
        signed_in("sam", "Sam", "Second"),
        signed_in("kim", "Kim", "Third"),
    ]
    for client in readers:
        page = client.get(url).text
        token = CSRF_INPUT.search(page).group(1)
        [shown] = comment_texts(page)
        for marker in OLD_MARKERS:
            assert marker in shown
        assert token not in shown
        for name in ("Robin", "Sam", "Kim"):
            assert name not in shown
        assert "Signed in as" not in shown


def test_a_post_that_quotes_a_marker_shows_it_as_written(reader_client):
    post = make_post(
        title="Behind the scenes",
        body="<p>Our pages once said ceoblog-csrf-token-placeholder where a token goes.</p>",
    )
    reader_client.get(post.get_absolute_url())
    page = signed_in("sam", "Sam", "Second").get(post.get_absolute_url()).text
    assert "once said ceoblog-csrf-token-placeholder where" in page


def test_the_readers_own_parts_are_still_filled_in_on_a_cached_page():
    post = make_post(title="Winter gritting")
    make_comment(post=post, body="Thanks to the depot.")
    url = post.get_absolute_url()
    signed_in("robin", "Robin", "Reader").get(url)
    sam = Client(enforce_csrf_checks=True)
    sam.force_login(make_user("sam", first_name="Sam", last_name="Second"))
    page = sam.get(url).text
    assert "Signed in as Sam Second" in page
    assert "You are commenting as Sam Second." in page
    assert "Robin" not in page
    assert "Thanks to the depot." in page
    # The sign-out form, the reaction buttons' forms and the comment form, each with a token
    # of Sam's own.
    signout_token, *reaction_tokens, comment_token = CSRF_INPUT.findall(page)
    assert len(reaction_tokens) == 3
    form = re.search(r'<form method="post" action="([^"#]+)#comment-form"', page).group(1)
    response = sam.post(form, {"csrfmiddlewaretoken": comment_token, "body": "Thanks, Sam."})
    assert response.status_code == 303
    assert sam.post("/logout/", {"csrfmiddlewaretoken": signout_token}).status_code == 302


def test_every_form_on_a_page_carries_one_token_made_for_that_page():
    post = make_post(title="Winter gritting")
    url = post.get_absolute_url()
    robin = signed_in("robin", "Robin", "Reader")
    robin.get(url)  # renders and stores the page
    for page in (robin.get(url).text, signed_in("sam", "Sam", "Second").get(url).text):
        # The sign-out form, three reaction buttons and the comment form: filled from separate
        # per-user parts, masked once for the page (Django masks afresh at every request).
        tokens = CSRF_INPUT.findall(page)
        assert len(tokens) == 5
        assert len(set(tokens)) == 1
    assert robin.get(url).text.count(tokens[0]) == 0

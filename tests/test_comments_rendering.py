"""The comment section's HTML, pinned byte for byte: how it is rendered may change, never what."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.services import FORMER_STAFF_FIRST_NAME, FORMER_STAFF_LAST_NAME
from comments.models import Comment
from comments.rendering import comment_date
from tests.helpers import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"


def at(*parts):
    return datetime(*parts, tzinfo=UTC)


def make_threads():
    """Save a post whose comments cover every way one can look, and return it with its people."""
    post = make_post(title="Winter roads", slug="winter-roads")
    ada = make_user("ada", first_name="Ada", last_name="Lovelace")
    plain = make_user("jo.bloggs")  # no full name: shown by username
    leaver = make_user(
        "former-staff-9", first_name=FORMER_STAFF_FIRST_NAME, last_name=FORMER_STAFF_LAST_NAME
    )
    office = make_user("ceo-office", first_name="Chief Executive's", last_name="Office")
    robin = make_user("robin", first_name="Robin", last_name="Reader")
    names = {}

    def add(name, **fields):
        names[name] = make_comment(post=post, **fields)
        return names[name]

    first = add(
        "first",
        author=ada,
        body='Thanks <b>all</b> & "everyone"\'s work.\n\nSee https://example.org/roads?a=1&b=2 '
        "or www.example.com, or write to gritting@example.org.",
        created_at=at(2026, 7, 1, 22, 30),  # British Summer Time: 23:30 on 1st July
    )
    add(
        "reply", author=plain, parent=first, body="Agreed.\nLine two.", created_at=at(2026, 7, 2, 8)
    )
    add(
        "official",
        author=office,
        parent=first,
        is_official=True,
        body="Thank you: the crews start at 4am.",
        created_at=at(2026, 7, 3, 9, 5),
    )
    add("from_leaver", author=leaver, body="Ten years of gritting.", created_at=at(2026, 1, 22, 7))
    held = add(
        "held",
        author=robin,
        status=Comment.Status.PENDING,
        body="Mine, awaiting a moderator.",
        created_at=at(2026, 1, 23, 12),
    )
    # Never shown: a rejected comment, and a reply under a comment not yet approved.
    add("rejected", author=ada, status=Comment.Status.REJECTED, created_at=at(2026, 1, 24))
    add("under_held", author=ada, parent=held, created_at=at(2026, 1, 25))
    add("late", author=plain, body="Last word, 11th.", created_at=at(2025, 12, 11, 23, 59))
    return post, names, robin


def comment_section(response, names):
    """Return the page's comment list and heading, with comment ids replaced by their names."""
    by_pk = {str(comment.pk): name for name, comment in names.items()}
    text = response.content.decode()
    start = text.index('<h2 id="comments-title">')
    end = min(
        index
        for index in (text.find("<form", start), text.find('<p class="comments-closed">', start))
        if index != -1
    )
    return re.sub(
        r"(comment-|replyto=)(\d+)", lambda m: m[1] + by_pk.get(m[2], m[2]), text[start:end]
    )


def golden(name):
    return (GOLDEN / f"comment_section_{name}.html").read_text()


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("cache_seconds", [0, 3600])
def test_a_reader_sees_the_comments_as_pinned(settings, cache_seconds):
    settings.CEOBLOG_PAGE_CACHE_SECONDS = cache_seconds
    post, names, _ = make_threads()

    response = signed_in(make_user("other")).get(post.get_absolute_url())

    assert comment_section(response, names) == golden("open")


@pytest.mark.parametrize("cache_seconds", [0, 3600])
def test_the_author_of_a_held_comment_sees_it_as_pinned(settings, cache_seconds):
    settings.CEOBLOG_PAGE_CACHE_SECONDS = cache_seconds
    post, names, robin = make_threads()

    response = signed_in(robin).get(post.get_absolute_url())

    assert comment_section(response, names) == golden("held")


@pytest.mark.parametrize("reader", ["robin", "other"])
def test_with_the_page_cache_off_the_comments_are_read_in_one_query(settings, reader):
    # Nothing is shared between readers then, so who has comments held is not asked first:
    # the reader's own held comments come with the rest.
    settings.CEOBLOG_PAGE_CACHE_SECONDS = 0
    post, _, robin = make_threads()
    client = signed_in(robin if reader == "robin" else make_user(reader))

    with CaptureQueriesContext(connection) as queries:
        assert client.get(post.get_absolute_url()).status_code == 200

    on_this_post = [
        q["sql"]
        for q in queries
        if 'FROM "comments_comment"' in q["sql"] and f'"post_id" = {post.pk}' in q["sql"]
    ]
    assert len(on_this_post) == 1, on_this_post


def test_a_reader_replying_sees_the_comments_as_pinned():
    post, names, _ = make_threads()

    response = signed_in(make_user("other")).get(
        f"{post.get_absolute_url()}?replyto={names['first'].pk}"
    )

    assert comment_section(response, names) == golden("open")


def test_closed_comments_show_as_pinned():
    post, names, _ = make_threads()
    post.comments_open = False
    post.save()

    response = signed_in(make_user("other")).get(post.get_absolute_url())

    assert comment_section(response, names) == golden("closed")


@given(
    st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    )
)
def test_comment_dates_read_as_the_date_format_gives_them(moment):
    local = timezone.localtime(moment)

    assert comment_date(local) == dateformat.format(local, r"F jS, Y \a\t H:i")

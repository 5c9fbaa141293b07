"""Dates come back from PostgreSQL as Django gives them, parsed by psycopg's own loader
(ceoblog/postgresql/timestamps.py)."""

import datetime
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.db import connection
from psycopg.pq import Format

from comments.models import Comment
from tests.helpers import make_comment, make_post

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's dates")

LONDON = ZoneInfo("Europe/London")


def test_dates_read_back_are_the_moments_saved_in_utc(db):
    # Either side of the clocks going forward, with microseconds.
    moments = [
        datetime.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 29, 2, 30, 15, 123456, tzinfo=LONDON),
    ]
    post = make_post()
    saved = [make_comment(post=post, created_at=moment).pk for moment in moments]

    read = list(Comment.objects.filter(pk__in=saved).order_by("pk"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT created_at FROM comments_comment WHERE id = %s", [saved[1]])
        (raw,) = cursor.fetchone()

    assert [comment.created_at for comment in read] == moments
    assert {comment.created_at.tzinfo for comment in read} == {datetime.UTC}
    assert raw == moments[1]
    assert raw.utcoffset() == datetime.timedelta(0)


def test_a_comments_date_shows_in_local_time_on_its_post(client, reader):
    post = make_post()
    make_comment(post=post, created_at=datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC))
    client.force_login(reader)

    page = client.get(post.get_absolute_url()).content.decode()

    assert 'datetime="2026-03-29T02:30:00+01:00">March 29th, 2026 at 02:30</time>' in page


def test_dates_are_parsed_by_psycopgs_own_loader(db):
    connection.ensure_connection()
    oid = psycopg.adapters.types["timestamptz"].oid
    loader = connection.connection.adapters.get_loader(oid, Format.TEXT)

    with connection.cursor() as cursor:
        parse = loader(oid, cursor.cursor)._parse

    # The compiled one where psycopg[binary] is installed, as in this project.
    assert type(parse.__self__) is psycopg.adapters.get_loader(oid, Format.TEXT)
    assert type(parse.__self__).__module__ != "psycopg.types.datetime"

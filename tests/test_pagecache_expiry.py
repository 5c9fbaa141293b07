"""Cached pages drop a post the moment its unpublish time passes, as they add a scheduled one."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pagecache.models import ContentVersion
from posts.cache_renewal import next_unpublish_at
from tests.helpers import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def cached_pages(post):
    local = timezone.localtime(post.published_at)
    return ["/", f"/{local:%Y/%m}/", "/tag/events/", "/feed/"]


def test_a_cached_page_stops_showing_the_post_right_after_its_unpublish_time(
    reader_client, monkeypatch
):
    make_post(title="Standing news", tags=["events"])
    leaving = make_post(
        title="Carol concert tickets",
        tags=["events"],
        unpublish_at=timezone.now() + timedelta(hours=1),
    )
    for url in cached_pages(leaving):
        assert "Carol concert tickets" in reader_client.get(url).text, url
    # Served from the cache now: a page read a second time costs no rendering.
    with CaptureQueriesContext(connection) as queries:
        assert "Carol concert tickets" in reader_client.get("/").text
    assert not any("posts_post" in query["sql"] for query in queries.captured_queries)

    later = leaving.unpublish_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for url in cached_pages(leaving):
        page = reader_client.get(url).text
        assert "Carol concert tickets" not in page, url
        assert "Standing news" in page, url


def test_the_content_version_knows_the_next_unpublish_time(reader_client):
    soon = timezone.now() + timedelta(minutes=30)
    make_post(title="Road closure notice", unpublish_at=soon)
    make_post(title="Later notice", unpublish_at=soon + timedelta(days=1))
    # A scheduled post further away than the unpublish time does not hide it.
    make_post(title="Next week", published_at=soon + timedelta(days=7))
    reader_client.get("/")
    assert next_unpublish_at() == soon
    assert ContentVersion.objects.get(pk=1).next_change_at == soon


def test_with_a_real_clock_the_post_is_gone_a_moment_after_its_time(reader_client):
    make_post(title="Standing news")
    leaving = make_post(title="Flash notice", unpublish_at=timezone.now() + timedelta(seconds=1.5))
    assert "Flash notice" in reader_client.get("/").text
    assert "Flash notice" in reader_client.get("/").text
    time.sleep(max(0.0, (leaving.unpublish_at - timezone.now()).total_seconds()) + 0.2)
    page = reader_client.get("/").text
    assert "Flash notice" not in page
    assert "Standing news" in page

"""A page missing from the cache is rendered by one request at a time (pagecache/single_render.py).

With a real Redis of the test's own, as production has it: "another server" is played by the
test, claiming a page and storing it (or not) a moment later.
"""

import threading
import time

import pytest
from django.core.cache import cache
from django.test import Client

from pagecache import single_render
from pagecache.recent import recent_forget
from tests.helpers import make_post, make_user, use_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_redis(settings, redis_server):
    _, port = redis_server
    use_redis(settings, port)
    settings.CEOBLOG_PAGE_RENDER_WAIT_MS = 20_000
    cache.clear()


def reader():
    client = Client()
    client.force_login(make_user())
    return client


def stored_page_of(url):
    """Render the page once; return its key and what was stored, then forget both."""
    response = reader().get(url)
    key = response.wsgi_request._pagecache_key
    stored = cache.get(key)
    cache.delete(key)
    recent_forget()
    return key, stored


def later(seconds, work):
    timer = threading.Timer(seconds, work)
    timer.start()
    return timer


def test_a_reader_asking_for_a_page_another_server_is_rendering_is_served_that_page(
    shared_redis,
):
    post = make_post(title="Libraries open late")
    key, (status, headers, pieces) = stored_page_of(post.get_absolute_url())
    # The stored page's literal text (even places; odd ones name the per-user parts).
    theirs = tuple(
        piece if i % 2 else piece.replace("Libraries open late", "Rendered by the other server")
        for i, piece in enumerate(pieces)
    )
    assert single_render.claim(key) is True

    def other_server_stores_it():
        cache.set(key, (status, headers, theirs), 60)
        single_render.release(key)

    timer = later(0.3, other_server_stores_it)
    page = reader().get(post.get_absolute_url()).text
    timer.join()

    assert "Rendered by the other server" in page
    assert "Libraries open late" not in page


def test_when_the_other_server_stores_nothing_the_reader_renders_the_page_at_once(shared_redis):
    post = make_post(title="Libraries open late")
    key, _ = stored_page_of(post.get_absolute_url())
    assert single_render.claim(key) is True

    timer = later(0.3, lambda: single_render.release(key))
    started = time.monotonic()
    response = reader().get(post.get_absolute_url())
    timer.join()

    assert response.status_code == 200
    assert "Libraries open late" in response.text
    # Not the 20 s the wait may last: the claim went, so the reader stopped waiting.
    assert time.monotonic() - started < 10
    assert cache.get(key) is not None


def test_a_request_that_rendered_a_page_leaves_no_claim_behind(shared_redis):
    post = make_post(title="Libraries open late")
    key, _ = stored_page_of(post.get_absolute_url())
    assert single_render.claim(key) is True

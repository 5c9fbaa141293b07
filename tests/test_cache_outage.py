"""A Redis that is down or frozen makes the site slower, never broken (ceoblog/cachebackend.py).

The cache is configured as ceoblog/settings.py configures it for CACHE_URL=redis://..., against
a port where nothing listens (down) or a real redis-server stopped with SIGSTOP (frozen: it
accepts connections and never answers, as across a network partition).
"""

import os
import signal
import statistics
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from posts.models import Post
from tests.deployment import REDIS, free_port
from tests.helpers import PUBLISHER_PERMS, make_post, post_form_data, staff_user, use_redis

pytestmark = pytest.mark.django_db

needs_redis = pytest.mark.skipif(not REDIS, reason="needs redis-server (apt-get install redis)")


@pytest.fixture
def redis_down(settings):
    use_redis(settings, free_port())


@pytest.fixture
def redis_frozen(settings, redis_server):
    process, port = redis_server
    # A short pause after a failure, so that recovery shows within the test.
    use_redis(settings, port, pause_after_failure=1)
    os.kill(process.pid, signal.SIGSTOP)
    return process


@pytest.fixture
def publisher_client(client):
    client.force_login(staff_user("publisher", perms=PUBLISHER_PERMS))
    return client


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


def test_with_redis_down_every_cache_call_is_a_miss_or_does_nothing(redis_down):
    assert cache.get("page") is None
    assert cache.get("page", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("page", "html") is False
    assert cache.set("page", "html") is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.get_or_set("page", "built") == "built"
    assert cache.has_key("page") is False
    assert cache.delete("page") is False
    assert cache.delete_many(["a", "b"]) is None
    assert cache.touch("page") is False
    # What incr() does for a key the cache does not hold.
    with pytest.raises(ValueError, match="not found"):
        cache.incr("count")


def test_with_redis_down_reader_pages_render_from_the_database(redis_down, reader_client):
    post = make_post(title="Gritting starts tonight", tags=["Winter"])
    for url in ("/", post.get_absolute_url(), "/tag/winter/", "/search/?q=gritting", "/feed/"):
        response = reader_client.get(url)
        assert response.status_code == 200, url
        assert "Gritting starts tonight" in response.text, url


def test_with_redis_down_signing_in_and_out_works(redis_down, client, reader):
    response = client.post(reverse("login"), {"username": "reader", "password": "pw-for-tests"})
    assert response.status_code == 302
    assert "Signed in as Robin Reader" in client.get("/").text
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_with_redis_down_the_admin_opens_and_a_save_is_kept(redis_down, publisher_client):
    post = make_post(title="Before the outage")
    assert publisher_client.get("/admin/").status_code == 200
    assert publisher_client.get(change_url(post)).status_code == 200
    data = post_form_data(post, title="Saved during the outage", _update="1")
    assert publisher_client.post(change_url(post), data).status_code == 302
    assert Post.objects.get(pk=post.pk).title == "Saved during the outage"
    assert "Saved during the outage" in publisher_client.get(post.get_absolute_url()).text


def test_with_redis_down_a_comment_is_saved_and_shown(redis_down, reader_client, settings):
    settings.CEOBLOG_COMMENT_MODERATION = "none"
    post = make_post()
    url = reverse("comments:create", kwargs={"post_id": post.pk})
    assert reader_client.post(url, {"body": "Posted while the cache was down."}).status_code == 303
    assert "Posted while the cache was down." in reader_client.get(post.get_absolute_url()).text


def test_healthz_says_degraded_with_redis_down_and_keeps_the_server_in_the_pool(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "degraded: cache\n"


@needs_redis
def test_with_redis_frozen_no_request_waits_more_than_one_short_timeout(
    redis_frozen, reader_client
):
    post = make_post(title="Library opening hours")
    durations = []
    for url in ["/", post.get_absolute_url(), "/tag/winter/"] * 4:
        response, seconds = timed(lambda url=url: reader_client.get(url))
        assert response.status_code in (200, 404)
        durations.append(seconds)
    assert max(durations) < 1.5, durations
    # One timeout (0.5 s), then the process leaves Redis alone: most requests do not wait at all.
    assert statistics.median(durations) < 0.45, durations


@needs_redis
def test_with_redis_frozen_a_save_in_the_admin_is_kept_within_a_second_or_two(
    redis_frozen, publisher_client
):
    post = make_post(title="Before the freeze")
    response, seconds = timed(lambda: publisher_client.get("/admin/"))
    assert response.status_code == 200
    assert seconds < 2
    data = post_form_data(post, title="Saved during the freeze", _update="1")
    response, seconds = timed(lambda: publisher_client.post(change_url(post), data))
    assert response.status_code == 302
    assert seconds < 2
    assert Post.objects.get(pk=post.pk).title == "Saved during the freeze"


@needs_redis
def test_after_a_freeze_the_cache_is_used_again_and_healthz_says_ok(redis_frozen, client):
    assert client.get("/healthz").text == "degraded: cache\n"
    os.kill(redis_frozen.pid, signal.SIGCONT)
    time.sleep(1.2)  # the pause after a failure (pause_after_failure=1)
    response = client.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok\n")
    cache.set("stored-after-the-freeze", "yes")
    assert cache.get("stored-after-the-freeze") == "yes"


@needs_redis
def test_a_post_edited_during_a_freeze_shows_its_new_title_after_it(
    redis_server, settings, reader_client
):
    process, port = redis_server
    use_redis(settings, port, pause_after_failure=1)
    post = make_post(title="Title before the freeze")
    # As long after the save: whatever the save left in Redis has gone.
    cache.clear()
    # Cached in Redis before the freeze: the pages, and whatever they are keyed by.
    for url in ("/", post.get_absolute_url()) * 2:
        assert "Title before the freeze" in reader_client.get(url).text
    os.kill(process.pid, signal.SIGSTOP)
    try:
        # A reader during the freeze waits for Redis first; the save comes after.
        assert "Title before the freeze" in reader_client.get("/").text
        post.title = "Title saved during the freeze"
        post.save()
    finally:
        os.kill(process.pid, signal.SIGCONT)
    time.sleep(1.2)
    for url in ("/", post.get_absolute_url()):
        page = reader_client.get(url).text
        assert "Title saved during the freeze" in page, url
        assert "Title before the freeze" not in page, url


@needs_redis
def test_cache_calls_share_one_redis_client_per_server(settings, redis_server, monkeypatch):
    # Django makes a redis.Redis for every call, building its table of reply handlers each
    # time: a measurable share of a cached page. The cache keeps one per server instead.
    import redis

    _, port = redis_server
    use_redis(settings, port)
    cache.set("warm", 1)
    made = []
    real_init = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        made.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    cache.set("page", "html")
    assert cache.get("page") == "html"
    assert cache.get_many(["page", "other"]) == {"page": "html"}
    assert made == []

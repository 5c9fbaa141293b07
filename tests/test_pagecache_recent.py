"""Each process keeps copies of the stored parts it used a moment ago (pagecache/recent.py).

With Redis (a real one of the test's own), as production has it: a page the process served a
moment ago costs no call to Redis, and a copy is never older than the version it is named by.
"""

import pytest
from django.core.cache import cache
from django.test import Client

from ceoblog.cachebackend import ResilientRedisCache
from pagecache.recent import recent_forget
from reactions.services import reaction_set
from tests.helpers import make_comment, make_post, make_user, use_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_calls(settings, redis_server, monkeypatch):
    """Use a real Redis and count the reads sent to it."""
    _, port = redis_server
    use_redis(settings, port)
    cache.clear()
    calls = []
    for name in ("get", "get_many"):
        real = getattr(ResilientRedisCache, name)

        def counted(self, *args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(ResilientRedisCache, name, counted)
    return calls


def reader():
    client = Client()
    client.force_login(make_user())
    return client


def test_a_post_page_served_a_moment_ago_makes_no_call_to_redis(redis_calls):
    post = make_post(title="Libraries open late")
    make_comment(post=post, body="Great news for shift workers")
    first, second = reader(), reader()
    assert "Great news for shift workers" in first.get(post.get_absolute_url()).text
    redis_calls.clear()

    page = second.get(post.get_absolute_url()).text

    assert "Libraries open late" in page
    assert "Great news for shift workers" in page
    assert redis_calls == []


def test_another_process_without_copies_reads_them_from_redis(redis_calls):
    post = make_post()
    reader().get(post.get_absolute_url())
    recent_forget()  # as a second server would start
    redis_calls.clear()

    assert reader().get(post.get_absolute_url()).status_code == 200
    assert redis_calls


def test_a_change_shows_at_once_although_the_process_holds_the_old_page(redis_calls):
    post = make_post(title="Old title")
    comment = make_comment(post=post, body="First thoughts")
    someone = reader()
    someone.get(post.get_absolute_url())

    post.title = "New title"
    post.save()
    comment.body = "Second thoughts"
    comment.save()
    reaction_set(post=post, user=make_user(), kind="thanks", pressed=True)

    page = someone.get(post.get_absolute_url()).text
    assert "New title" in page
    assert "Old title" not in page
    assert "Second thoughts" in page
    assert "First thoughts" not in page
    assert 'data-count-of="thanks">1<' in page

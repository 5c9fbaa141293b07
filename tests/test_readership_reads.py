"""Reads counted once per reader per post, recorded in Redis by the post page and folded by
`manage.py readership_fold` into the database (readership/)."""

import os
import signal
import time
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pagecache.recent import recent_forget
from posts.models import Post
from readership.folding import reads_fold
from readership.models import DailyReads, Directorate, Read
from readership.store import PENDING, store_add
from tests.deployment import free_port
from tests.helpers import (
    PUBLISHER_PERMS,
    client_as,
    make_post,
    make_user,
    post_form_data,
    staff_user,
    use_redis,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings, redis_server):
    """The cache on a Redis of this test's own, as production has it."""
    process, port = redis_server
    use_redis(settings, port, pause_after_failure=1)
    return process


def totals(post):
    """Return the post's daily totals as (directorate, readers, from the alert), by directorate."""
    return sorted(
        DailyReads.objects.filter(post=post).values_list("directorate", "readers", "from_alert")
    )


def reader_in(username, directorate=""):
    user = make_user(username)
    if directorate:
        Directorate.objects.create(user=user, name=directorate)
    return client_as(user)


def waiting_reads():
    """Return how many reads wait in Redis for the next fold."""
    return cache.redis_run(lambda client: client.hlen(cache.make_key(PENDING)))


def test_one_person_reading_a_post_five_times_counts_once(redis_cache):
    post = make_post(title="Budget news")
    robin = reader_in("robin", "Adult Social Care")
    for _ in range(5):
        response = robin.get(post.get_absolute_url())
        assert response.status_code == 200
        assert "Budget news" in response.text
    assert waiting_reads() == 1

    reads_fold()
    # The same reader again after the fold: still one reader.
    robin.get(post.get_absolute_url())
    reads_fold()

    assert totals(post) == [("Adult Social Care", 1, 0)]
    assert Read.objects.count() == 1
    assert waiting_reads() == 0


def test_readers_are_counted_by_directorate_and_day(redis_cache):
    post = make_post()
    for username, directorate in [("a", "Place"), ("b", "Place"), ("c", "Resources"), ("d", "")]:
        reader_in(username, directorate).get(post.get_absolute_url())

    reads_fold()

    assert totals(post) == [("", 1, 0), ("Place", 2, 0), ("Resources", 1, 0)]
    assert set(DailyReads.objects.values_list("day", flat=True)) == {timezone.localdate()}


def test_a_second_fold_at_once_or_later_changes_nothing(redis_cache):
    post = make_post()
    reader_in("robin").get(post.get_absolute_url())
    reader_in("sam").get(post.get_absolute_url())

    first = reads_fold()
    again = reads_fold()

    assert (first.reads_taken, first.totals_changed) == (2, 1)
    assert (again.reads_taken, again.totals_changed) == (0, 0)
    assert totals(post) == [("", 2, 0)]


def test_a_fold_that_stopped_half_way_is_taken_again_and_counts_nothing_twice(
    redis_cache, monkeypatch
):
    post = make_post()
    reader_in("robin").get(post.get_absolute_url())
    # The database work is done, then the run dies before Redis hears of it.
    monkeypatch.setattr("readership.folding.store_forget", lambda names: None)
    reads_fold()
    monkeypatch.undo()
    reader_in("sam").get(post.get_absolute_url())

    reads_fold()

    assert totals(post) == [("", 2, 0)]
    assert waiting_reads() == 0


def test_draft_scheduled_and_previewed_posts_count_nothing(redis_cache):
    draft = make_post(status=Post.Status.DRAFT)
    scheduled = make_post(published_at=timezone.now() + timedelta(days=2))
    published = make_post(title="Live post")
    editor = client_as(staff_user("editor", perms=PUBLISHER_PERMS))

    assert editor.get(draft.get_absolute_url()).status_code == 200
    assert editor.get(scheduled.get_absolute_url()).status_code == 200
    preview = editor.post(
        reverse("admin:posts_post_preview", args=[published.pk]),
        post_form_data(published, title="Live post, changed"),
    )
    assert "Live post, changed" in preview.text
    assert reader_in("robin").get(scheduled.get_absolute_url()).status_code == 404

    reads_fold()

    assert not DailyReads.objects.exists()
    assert not Read.objects.exists()


def test_signed_out_visitors_count_nothing(redis_cache, settings):
    # A site with CEOBLOG_LOGIN_REQUIRED=false lets signed-out people read.
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("LoginRequiredMiddleware")
    ]
    post = make_post(title="Open to all")

    assert "Open to all" in Client().get(post.get_absolute_url()).text
    reads_fold()

    assert not DailyReads.objects.exists()


def test_a_browser_prefetching_the_page_counts_nothing(redis_cache):
    post = make_post()
    robin = reader_in("robin")

    assert robin.get(post.get_absolute_url(), HTTP_SEC_PURPOSE="prefetch").status_code == 200
    reads_fold()

    assert not DailyReads.objects.exists()


def test_counting_turned_off_records_nothing(redis_cache, settings):
    settings.CEOBLOG_READS_COUNTED = False
    post = make_post()

    assert reader_in("robin").get(post.get_absolute_url()).status_code == 200

    assert waiting_reads() == 0
    reads_fold()
    assert not DailyReads.objects.exists()


def test_a_reader_from_the_email_alert_is_counted_and_served_the_stored_page(redis_cache):
    post = make_post(title="Winter plans")
    address = post.get_absolute_url()
    reader_in("robin").get(address)
    alerted = reader_in("sam")

    with CaptureQueriesContext(connection) as captured:
        response = alerted.get(f"{address}?from=alert")
    reads_fold()

    assert response.status_code == 200
    assert "Winter plans" in response.text
    # Served from the page robin's visit stored: the post was not read from the database.
    assert not any("posts_post" in query["sql"] for query in captured.captured_queries)
    assert totals(post) == [("", 2, 1)]


def test_the_first_read_decides_whether_it_came_from_the_alert(redis_cache):
    post = make_post()
    robin = reader_in("robin")
    robin.get(post.get_absolute_url())
    robin.get(f"{post.get_absolute_url()}?from=alert")

    reads_fold()

    assert totals(post) == [("", 1, 0)]


def test_reads_older_than_the_period_are_deleted_and_the_daily_totals_stay(redis_cache, settings):
    settings.CEOBLOG_READS_KEPT_DAYS = 30
    post = make_post()
    reader_in("robin", "Place").get(post.get_absolute_url())
    reader_in("sam", "Place").get(post.get_absolute_url())
    reads_fold()
    read_on = timezone.localdate()

    reads_fold(now=timezone.now() + timedelta(days=29))
    assert Read.objects.count() == 2

    result = reads_fold(now=timezone.now() + timedelta(days=31))

    assert result.reads_forgotten == 2
    assert not Read.objects.exists()
    assert list(DailyReads.objects.values_list("day", "directorate", "readers")) == [
        (read_on, "Place", 2)
    ]


def test_a_reader_back_within_the_period_is_not_counted_again(redis_cache):
    post = make_post()
    robin = reader_in("robin")
    robin.get(post.get_absolute_url())
    reads_fold()

    # Ten days later: the read is kept, so robin is one reader, on the first day.
    store_add(
        post_id=post.pk,
        user_id=Read.objects.get().user_id,
        read_at=timezone.now() + timedelta(days=10),
        from_alert=False,
    )
    reads_fold(now=timezone.now() + timedelta(days=10))

    assert list(DailyReads.objects.values_list("day", "readers")) == [(timezone.localdate(), 1)]


def test_a_leaver_deleted_leaves_the_daily_totals_as_they_were(redis_cache):
    post = make_post()
    reader_in("robin").get(post.get_absolute_url())
    reader_in("lee").get(post.get_absolute_url())
    reads_fold()

    Read.objects.get(user__username="lee").user.delete()
    reads_fold()

    assert totals(post) == [("", 2, 0)]


def test_with_redis_down_the_page_works_and_the_read_is_written_to_the_database(settings):
    use_redis(settings, free_port())
    post = make_post(title="Outage day")
    robin = reader_in("robin", "Place")

    for _ in range(2):
        response = robin.get(post.get_absolute_url())
        assert response.status_code == 200
        assert "Outage day" in response.text
    with pytest.raises(CommandError, match="Redis was unreachable"):
        call_command("readership_fold")

    # The fold still counts the reads written while Redis was away.
    assert totals(post) == [("Place", 1, 0)]


@pytest.mark.timing
def test_with_redis_frozen_the_page_waits_at_most_the_cache_timeout(redis_cache):
    post = make_post(title="Frozen day")
    robin = reader_in("robin")
    robin.get(post.get_absolute_url())
    os.kill(redis_cache.pid, signal.SIGSTOP)
    try:
        start = time.monotonic()
        response = robin.get(post.get_absolute_url())
        elapsed = time.monotonic() - start
    finally:
        os.kill(redis_cache.pid, signal.SIGCONT)

    assert response.status_code == 200
    assert "Frozen day" in response.text
    assert elapsed < 2
    assert Read.objects.count() == 1


@pytest.mark.parametrize("cached", [False, True], ids=["rendered", "from the cache"])
def test_counting_adds_no_query_to_the_post_page(redis_cache, settings, cached):
    post = make_post()
    robin = reader_in("robin")

    def queries():
        if cached:
            robin.get(post.get_absolute_url())
        else:
            cache.clear()
            recent_forget()  # this process's copies too (pagecache/recent.py)
        with CaptureQueriesContext(connection) as captured:
            assert robin.get(post.get_absolute_url()).status_code == 200
        return len(captured)

    counted = queries()
    assert waiting_reads() == 1
    settings.CEOBLOG_READS_COUNTED = False
    assert queries() == counted


def test_the_fold_command_says_what_it_did(redis_cache, capsys):
    post = make_post()
    reader_in("robin").get(post.get_absolute_url())

    call_command("readership_fold", verbosity=2)

    assert "1 read(s) folded, 1 daily total(s) changed" in capsys.readouterr().out


def test_no_one_can_see_what_one_named_person_read_in_the_admin(admin_client):
    make_user("robin")

    assert Read not in admin.site._registry
    assert admin_client.get("/admin/readership/read/").status_code == 404

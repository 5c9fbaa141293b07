"""Copies in a shared cache of rows every request reads are used, and never outlive a change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache.readthrough import HOLD, forget, read_through
from tests.helpers import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(settings):
    settings.CACHE_IS_SHARED = True
    cache.clear()
    yield
    cache.clear()


class Loader:
    """Stands in for a database read: returns `value` and counts its calls."""

    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_copy_is_loaded_once_then_read_from_the_cache(shared):
    load = Loader("row")
    assert [read_through("k", load) for _ in range(3)] == ["row", "row", "row"]
    assert load.calls == 1


def test_without_a_shared_cache_every_read_loads_and_nothing_is_stored(settings):
    settings.CACHE_IS_SHARED = False
    cache.clear()
    load = Loader("row")
    read_through("k", load)
    read_through("k", load)
    assert load.calls == 2
    assert cache.get("k") is None


def test_after_a_change_readers_load_the_row_and_do_not_store_it_while_held(shared):
    read_through("k", Loader("old row"))
    forget("k")
    load = Loader("new row")
    assert read_through("k", load) == "new row"
    assert read_through("k", load) == "new row"
    assert load.calls == 2
    assert cache.get("k") == HOLD


def test_a_reader_that_loaded_the_old_row_during_a_change_cannot_store_it(shared):
    def load_then_the_change_commits():
        forget("k")  # the writer's change lands between this reader's read and its store
        return "old row"

    read_through("k", load_then_the_change_commits)
    assert read_through("k", Loader("new row")) == "new row"


def test_once_the_hold_lapses_the_committed_row_is_copied_again(shared):
    forget("k")
    cache.delete("k")  # the hold expires
    load = Loader("new row")
    read_through("k", load)
    read_through("k", load)
    assert load.calls == 1


def test_the_hold_is_renewed_when_the_transaction_commits(
    shared, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        forget("k")
        # A long transaction: its first hold lapsed and a reader copied the old row.
        cache.set("k", "old row")
    assert cache.get("k") == HOLD


def test_a_cached_page_reads_neither_the_user_nor_the_content_version_from_the_database(
    shared, reader_client, monkeypatch
):
    # Signing in and saving the post hold the copies for seconds; here they lapse at once.
    monkeypatch.setattr("pagecache.readthrough.HOLD_SECONDS", 0)
    cache.clear()  # the reader signed in before the line above
    make_post(title="Depot open day")
    reader_client.get("/")
    reader_client.get("/")
    with CaptureQueriesContext(connection) as captured:
        page = reader_client.get("/").text
    assert "Depot open day" in page
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "auth_user" not in tables
    assert "pagecache_contentversion" not in tables

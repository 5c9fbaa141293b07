import os
import signal
import subprocess

import pytest
from django.contrib.auth.models import Group

from accounts.roles import roles_set_up
from comments.roles import MODERATORS
from tests.deployment import REDIS, free_port, wait_for_port
from tests.helpers import (  # noqa: F401  (make_post re-exported for tests)
    PUBLISHER_PERMS,
    WRITER_PERMS,
    make_post,
    make_user,
    staff_user,
)


def pytest_configure(config):
    """Stop at once, saying why, when the tests are run without DJANGO_DEBUG=true.

    Without it every page names its static files from collectstatic's manifest (the production
    storage), and some 170 tests fail with "Missing staticfiles manifest entry".
    """
    from django.conf import settings

    if not settings.DEBUG:
        pytest.exit(
            "the tests need DJANGO_DEBUG=true, as `make test` sets it (docs/maintainers.md, "
            "Running the tests).",
            returncode=4,
        )


def pytest_collection_modifyitems(items):
    """Put the files with two-server and browser tests first, the slowest first.

    `make test` shares whole files among processes (`--dist loadfile`) in this order; a
    two-server file (a minute or two) handed out last kept one process busy long after the
    other had finished.
    """

    def weight(item):
        if item.get_closest_marker("multiserver"):
            return 0
        return 1 if item.get_closest_marker("browser") else 2

    file_weights = {}
    for item in items:
        file_weights[item.path] = min(weight(item), file_weights.get(item.path, 2))
    items.sort(key=lambda item: file_weights[item.path])


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hash test passwords cheaply: the real hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_recent_copies():
    """Start each test with no stored parts kept in this process (pagecache/recent.py)."""
    from pagecache.recent import recent_forget

    recent_forget()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploads made by any test in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def approval_setting(request, settings):
    """Publish without approval, except in tests marked approval_required (test_approvals_*)."""
    settings.CEOBLOG_APPROVAL_REQUIRED = (
        request.node.get_closest_marker("approval_required") is not None
    )


@pytest.fixture
def reader(db):
    return make_user("reader", first_name="Robin", last_name="Reader")


@pytest.fixture
def editor(db):
    return make_user("editor", first_name="Eddie", last_name="Editor", perms=["posts.change_post"])


@pytest.fixture
def writer(db):
    """Someone in the admin who may write posts but not publish them."""
    return staff_user("writer", perms=WRITER_PERMS)


@pytest.fixture
def publisher(db):
    """Someone in the admin who may write and publish posts."""
    return staff_user("publisher", perms=PUBLISHER_PERMS)


@pytest.fixture
def photo_publisher(db):
    """Someone in the admin who may write and publish posts and add photos to them."""
    return staff_user("publisher", perms=[*PUBLISHER_PERMS, "photos.add_photo"])


@pytest.fixture
def moderator(db):
    """Someone in the admin who may see and moderate comments, given the permissions directly."""
    return make_user(
        "mod",
        first_name="Morgan",
        last_name="Moderator",
        email="morgan@ceoblog.example",
        is_staff=True,
        perms=["comments.view_comment", "comments.change_comment"],
    )


@pytest.fixture
def group_moderator(db):
    """A member of the Moderators group, with what setup_roles gives it."""
    roles_set_up()
    user = make_user("mo", first_name="Morgan", last_name="Moderator", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


@pytest.fixture
def photo_publisher_client(client, photo_publisher):
    client.force_login(photo_publisher)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def group_moderator_client(client, group_moderator):
    client.force_login(group_moderator)
    return client


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- PostgreSQL: a test database is thrown away, so it need not be durable -------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL, commit without waiting for the disk.

    Tests outside a test transaction (the live server's, ~180 of them) commit every write, and
    the tables' emptying after each such test re-creates every permission and content type, a
    commit each: waiting for the disk at each commit took about a third of the emptying's time.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "ceoblog.postgresql":
        database.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, on PostgreSQL left free to be dropped at the end.

    A thread a test started can still hold a session on the test database when the run ends (a
    live server's thread answering a browser's kept-alive connection keeps its connection for
    CONN_MAX_AGE); PostgreSQL then refuses to drop the database ("is being accessed by other
    users") and pytest-django leaves it behind with a warning. Those sessions are ended first,
    as DROP DATABASE ... WITH (FORCE) would, and what each last ran is printed (shown with -s).
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        for query in end_other_sessions(connection):
            print(f"\nEnded a session left on the test database; its last query: {query[:200]}")


def end_other_sessions(connection):
    """End every other session on connection's PostgreSQL database; return their last queries."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query, pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [query for query, _ in cursor.fetchall()]


@pytest.fixture(scope="session", autouse=True)
def tables_emptied_by_delete_on_postgresql():
    """Empty the tables after a test outside a test transaction with DELETE, not TRUNCATE.

    Django's `flush` truncates every table in one statement: on PostgreSQL that makes new files
    for each of the ~50 tables, about 230 ms each time, against 2-10 ms for deleting the few rows
    a test leaves (measured on a 2-core machine; docs/maintainers.md). The foreign keys Django
    makes are checked at commit, and the flush runs in one transaction, so the order of the
    tables does not matter. A flush asked to reset sequences or cascade is left to Django.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    operations = type(connection.ops)
    truncate = operations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(operations, "sql_flush", sql_flush)
        yield


# --- Browser tests (tests/browser.py) ------------------------------------------------------


@pytest.fixture(scope="session")
def browser_tools():
    """Skip the test if Chromium or Java is missing, or fail it when CI requires them."""
    from tests.browser import REQUIRE_BROWSER, missing_tools

    if reason := missing_tools():
        if REQUIRE_BROWSER:
            pytest.fail(f"{reason}; CEOBLOG_REQUIRE_BROWSER is set.")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, taking turns with the test on SQLite in memory.

    Requests sent together by a browser, or sent while the test reads or writes, locked each
    other out there; tests/live_server.py says why. The test's connection waits its turn from
    here to the end of the session, its tables' emptying after each test included.
    """
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    from tests.live_server import OneRequestAtATimeOnSQLiteInMemory, after_the_servers_turn

    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    # The test database first, so that the server's threads share the test's connection, as
    # with Django's LiveServerTestCase, rather than each opening one of its own.
    request.getfixturevalue("django_db_setup")
    server = LiveServer(address, start=False)
    server.thread.server_class = OneRequestAtATimeOnSQLiteInMemory
    server.start()
    connection.execute_wrappers.append(after_the_servers_turn)
    yield server
    connection.execute_wrappers.remove(after_the_servers_turn)
    server.stop()


@pytest.fixture(scope="session")
def chromium(browser_tools):
    """Start Debian's Chromium once for the session."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's synchronous API keeps an event loop in this thread, which Django would
        # otherwise take for async code and refuse the tests' ordinary database calls.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def page(chromium, live_server, settings):
    """Open a fresh browser tab on the live server, at desktop width, in the site's time zone."""
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 800},
        locale="en-GB",
        timezone_id=settings.TIME_ZONE,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    from tests.browser import leave_quietly

    for open_page in context.pages:
        leave_quietly(open_page)
    context.close()


@pytest.fixture
def redis_server(tmp_path):
    """A real redis-server of this test's own, on a free port, with its own folder."""
    if not REDIS:
        pytest.skip("needs redis-server")
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    process = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port)
    try:
        yield process, port
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(10)

"""A run of the tests drops its PostgreSQL test database, even with a connection left open.

A thread a test started (a live server's, answering a browser's kept-alive connection) could
still be connected when the run ended; PostgreSQL refused to drop the database and the run
ended with a warning and the database left behind (tests/conftest.py, django_db_setup).
"""

import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL refuses to drop a database in use"
)

# Run by the test below, in a run of its own; skipped otherwise.
LEFT_CONNECTED = "CEOBLOG_TEST_LEAVE_A_THREAD_CONNECTED"


@pytest.mark.skipif(LEFT_CONNECTED not in os.environ, reason="run by the test below")
@pytest.mark.django_db(transaction=True)
def test_a_thread_stays_connected_to_the_end():
    connected = threading.Event()

    def stay_connected():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT 'a query of the thread left connected'")
        connected.set()
        threading.Event().wait()

    threading.Thread(target=stay_connected, daemon=True).start()
    assert connected.wait(10)


def test_a_run_ending_with_a_thread_connected_drops_its_test_database():
    settings = connection.settings_dict
    name = f"ceoblog_teardown_{uuid.uuid4().hex[:8]}"
    server = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT']}"
    environment = {"DATABASE_URL": f"{server}/{name}", LEFT_CONNECTED: "1"}

    try:
        run = subprocess.run(
            [
                *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
                *("-p", "no:xdist", "-p", "no:randomly", "--nomigrations", "-s"),
                f"{Path(__file__).relative_to(ROOT)}::test_a_thread_stays_connected_to_the_end",
            ],
            cwd=ROOT,
            # Without the variables pytest-xdist gives its workers: the run is a run of its own.
            env={**without_pytest_variables(os.environ), **environment},
            capture_output=True,
            text=True,
            timeout=300,
        )

        assert "1 passed" in run.stdout, run.stdout + run.stderr
        assert "being accessed by other users" not in run.stdout + run.stderr
        assert "its last query: SELECT 'a query of the thread left connected'" in run.stdout
        with psycopg.connect(f"{server}/postgres") as server_connection:
            found = server_connection.execute(
                "SELECT count(*) FROM pg_database WHERE datname = %s", [f"test_{name}"]
            )
            assert found.fetchone() == (0,)
    finally:
        # Not left behind by a failing run either.
        with psycopg.connect(f"{server}/postgres", autocommit=True) as server_connection:
            server_connection.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')


def without_pytest_variables(environment):
    return {key: value for key, value in environment.items() if not key.startswith("PYTEST_")}

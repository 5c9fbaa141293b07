"""Each request checks its kept PostgreSQL connection before its first query, without asking the
server anything while the connection is healthy (ceoblog/postgresql/base.py)."""

import select
import time

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's connections"),
    # Outside a test transaction, as between two real requests: the connection is kept.
    pytest.mark.django_db(transaction=True),
]


def end_from_elsewhere(backend_pid):
    """End a connection as a server restart or an administrator would, and wait for the news."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    deadline = time.monotonic() + 5
    while not select.select([connection.connection.fileno()], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the server never told the connection it was ended"


def test_the_next_page_is_served_after_the_server_ended_the_connection(client, reader):
    client.force_login(reader)
    assert client.get(reverse("posts:index")).status_code == 200
    ended = connection.connection.info.backend_pid
    end_from_elsewhere(ended)

    close_old_connections()  # what Django does as every request begins
    response = client.get(reverse("posts:index"))

    assert response.status_code == 200
    assert connection.connection.info.backend_pid != ended


def test_a_healthy_kept_connection_is_checked_without_a_round_trip(client, reader, monkeypatch):
    client.force_login(reader)
    assert client.get(reverse("posts:index")).status_code == 200
    kept = connection.connection
    asked = []
    monkeypatch.setattr(connection, "is_usable", lambda: asked.append("SELECT 1") or True)

    close_old_connections()
    response = client.get(reverse("posts:index"))

    assert response.status_code == 200
    assert connection.connection is kept
    assert asked == []

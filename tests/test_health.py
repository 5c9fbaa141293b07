import pytest
from django.db import OperationalError, connection

from ceoblog.settings import cache_from_url

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert "no-cache" in response["Cache-Control"]


def cache_server_down(settings):
    # Port 9 (discard) on loopback: nothing listens, so every cache call fails to connect.
    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:9/0")}


def test_healthz_says_degraded_but_stays_200_when_the_cache_server_is_down(client, settings):
    # Pages still render from the database: a load balancer must keep the server in its pool.
    cache_server_down(settings)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "degraded: cache\n"


def refuse(*args, **kwargs):
    raise OperationalError("connection refused")


def test_healthz_names_the_database_when_it_cannot_be_reached(client, monkeypatch):
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.text == "unavailable: database\n"


def test_healthz_names_both_when_the_database_and_the_cache_are_down(client, settings, monkeypatch):
    cache_server_down(settings)
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.text == "unavailable: database\ndegraded: cache\n"

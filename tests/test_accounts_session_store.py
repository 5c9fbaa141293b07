"""Sessions live in the database, read by accounts/session_store.py as Django's own store would."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.session_store import SessionStore

pytestmark = pytest.mark.django_db


def saved_session(**data):
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def test_the_site_uses_it():
    assert settings.SESSION_ENGINE == "accounts.session_store"


def test_a_saved_session_reads_back_as_django_s_store_reads_it():
    key = saved_session(greeting="hello", count=3)
    assert dict(SessionStore(session_key=key).items()) == dict(DjangoStore(session_key=key).items())
    assert SessionStore(session_key=key)["greeting"] == "hello"


def test_an_expired_session_reads_as_empty_and_gets_a_new_key_when_saved():
    key = saved_session(user="someone")
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    store = SessionStore(session_key=key)
    assert store.get("user") is None
    store["other"] = 1
    store.save()
    assert store.session_key != key


@pytest.mark.parametrize(("seconds_left", "still_signed_in"), [(-2, False), (60, True)])
def test_a_session_is_read_until_the_second_it_expires(seconds_left, still_signed_in):
    key = saved_session(user="someone")
    expiry = timezone.now() + timedelta(seconds=seconds_left)
    Session.objects.filter(session_key=key).update(expire_date=expiry)
    assert (SessionStore(session_key=key).get("user") == "someone") is still_signed_in


def test_an_unknown_or_malformed_key_reads_as_empty():
    for key in ("a" * 32, "x", "'; DROP TABLE django_session; --" + "a" * 8):
        assert dict(SessionStore(session_key=key).items()) == {}
    assert Session.objects.count() == 0


def test_signing_in_and_reading_a_page_keeps_the_reader_signed_in(client, reader):
    client.force_login(reader)
    response = client.get("/")
    assert response.status_code == 200
    assert "Signed in as" in response.text

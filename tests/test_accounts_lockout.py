"""Sign-in lockout behind a proxy: by person and real address, by address across usernames."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.helpers import make_user

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.66"
COLLEAGUE = "198.51.100.20"


@pytest.fixture(autouse=True)
def behind_a_proxy(settings):
    settings.CEOBLOG_TRUSTED_PROXIES = [f"{PROXY}/32"]
    settings.AXES_FAILURE_LIMIT = 5
    settings.CEOBLOG_SIGNIN_ADDRESS_FAILURE_LIMIT = 20


def sign_in(username, password, *, client_at, path="/login/"):
    """Post the sign-in form as a browser at client_at does through the proxy."""
    return Client().post(
        path,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_at,
    )


def test_wrong_passwords_from_one_address_do_not_lock_the_administrator_out_elsewhere():
    make_user("admin", password="break-glass-password", is_staff=True, is_superuser=True)
    for _ in range(5):
        sign_in("admin", "a-guess", client_at=ATTACKER)

    elsewhere = sign_in("admin", "break-glass-password", client_at=COLLEAGUE)
    at_the_attackers = sign_in("admin", "break-glass-password", client_at=ATTACKER)

    assert elsewhere.status_code == 302
    assert elsewhere.wsgi_request.user.username == "admin"
    assert at_the_attackers.status_code == 429
    assert not at_the_attackers.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_the_lockout_is_recorded_against_the_real_client_address_not_the_proxy(path):
    make_user("admin", password="break-glass-password", is_staff=True, is_superuser=True)
    for _ in range(5):
        sign_in("admin", "a-guess", client_at=ATTACKER, path=path)

    assert set(AccessAttempt.objects.values_list("username", "ip_address")) == {("admin", ATTACKER)}
    assert sign_in("admin", "break-glass-password", client_at=COLLEAGUE).status_code == 302


def test_a_forwarded_address_sent_by_the_client_itself_does_not_escape_the_lockout():
    make_user("target", password="the-right-password")
    for number in range(5):
        # Straight to the app, not through the proxy: the header is the client's own invention.
        Client().post(
            "/login/",
            {"username": "target", "password": "a-guess"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )

    response = Client().post(
        "/login/",
        {"username": "target", "password": "the-right-password"},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )

    assert response.status_code == 429


def test_many_usernames_tried_from_one_address_lock_that_address():
    make_user("colleague", password="colleague-password")
    for number in range(19):
        response = sign_in(f"someone{number}", "Winter2026!", client_at=ATTACKER)
        assert response.status_code == 200, f"attempt {number + 1} was already refused"
    assert sign_in("someone19", "Winter2026!", client_at=ATTACKER).status_code == 429

    sprayed = sign_in("colleague", "colleague-password", client_at=ATTACKER)
    elsewhere = sign_in("colleague", "colleague-password", client_at=COLLEAGUE)

    assert sprayed.status_code == 429
    assert "from your network address, to several accounts" in sprayed.text
    assert not sprayed.wsgi_request.user.is_authenticated
    assert elsewhere.status_code == 302


def test_fewer_failures_than_the_address_limit_leave_other_accounts_open():
    make_user("colleague", password="colleague-password")
    for number in range(19):
        sign_in(f"someone{number}", "Winter2026!", client_at=ATTACKER)

    assert sign_in("colleague", "colleague-password", client_at=ATTACKER).status_code == 302


def test_the_lockout_page_says_at_what_time_signing_in_opens_again():
    make_user("target", password="the-right-password")
    for _ in range(5):
        response = sign_in("target", "a-guess", client_at=ATTACKER)

    latest = AccessAttempt.objects.get().attempt_time
    reopens = timezone.localtime(latest + timezone.timedelta(minutes=15))
    assert response.status_code == 429
    assert "Signing in is paused" in response.text
    assert "You can try again in 15 minutes, at " in response.text
    assert f"at {reopens:%H:%M} {reopens.tzname()} on {reopens.day} {reopens:%B %Y}." in (
        response.text
    )


def test_it_unlocks_a_person_with_the_management_command():
    make_user("target", password="the-right-password")
    for _ in range(5):
        sign_in("target", "a-guess", client_at=ATTACKER)
    assert sign_in("target", "the-right-password", client_at=ATTACKER).status_code == 429

    call_command("axes_reset_username", "target", verbosity=0)

    assert sign_in("target", "the-right-password", client_at=ATTACKER).status_code == 302


def test_it_unlocks_an_address_with_the_management_command():
    make_user("colleague", password="colleague-password")
    for number in range(20):
        sign_in(f"someone{number}", "Winter2026!", client_at=ATTACKER)
    assert sign_in("colleague", "colleague-password", client_at=ATTACKER).status_code == 429

    call_command("axes_reset_ip", ATTACKER, verbosity=0)

    assert sign_in("colleague", "colleague-password", client_at=ATTACKER).status_code == 302


def test_a_sign_in_by_code_with_a_username_too_long_to_record_is_refused_not_a_crash(rf):
    request = rf.post("/login/", REMOTE_ADDR=COLLEAGUE)

    assert authenticate(request, username="u" * 3000, password="a-guess") is None
    assert AccessAttempt.objects.get().username == "u" * 255


def test_an_address_limit_of_0_turns_the_address_lock_off(settings):
    settings.CEOBLOG_SIGNIN_ADDRESS_FAILURE_LIMIT = 0
    make_user("colleague", password="colleague-password")
    for number in range(30):
        sign_in(f"someone{number}", "Winter2026!", client_at=ATTACKER)

    assert sign_in("colleague", "colleague-password", client_at=ATTACKER).status_code == 302

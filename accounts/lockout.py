"""Sign-in lockout with django-axes: who is locked, from where, and until when.

Two locks, both counted over AXES_COOLOFF_TIME from the latest failure and kept in axes's
AccessAttempt rows (one per username and address):

- a username from one address: AXES_FAILURE_LIMIT wrong passwords lock that pair only, so someone
  guessing at one computer cannot lock a colleague (or the break-glass administrator) out from
  everywhere;
- an address, whatever the usernames: CEOBLOG_SIGNIN_ADDRESS_FAILURE_LIMIT failures in all lock
  that address, which slows password spraying (a few guesses at many accounts); 0 turns it off.

The address is the real client's, read through CEOBLOG_TRUSTED_PROXIES (audit/addresses.py):
behind nginx every request comes from nginx, which must not count as one person.
"""

from dataclasses import dataclass
from datetime import datetime

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum

from audit.addresses import client_address

# axes keeps usernames in 255 characters; a longer one is cut before it is counted or stored.
USERNAME_KEPT = AccessAttempt._meta.get_field("username").max_length


def client_ip(request):
    """The address axes counts failures against (AXES_CLIENT_IP_CALLABLE)."""
    return client_address(request) or None


def signin_username(request, credentials):
    """The username axes counts failures against (AXES_USERNAME_CALLABLE), at most 255 long."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None and request is not None:
        username = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    return None if username is None else str(username)[:USERNAME_KEPT]


def _recent_attempts(request, **match):
    return AccessAttempt.objects.filter(
        attempt_time__gte=get_cool_off_threshold(request), **match
    ).aggregate(failures=Sum("failures_since_start"), latest=Max("attempt_time"))


def address_failures(request):
    """Failed sign-ins from this request's address, any username, within the cool-off time."""
    if not getattr(request, "axes_ip_address", None):
        return 0
    return _recent_attempts(request, ip_address=request.axes_ip_address)["failures"] or 0


def address_is_locked(request):
    limit = settings.CEOBLOG_SIGNIN_ADDRESS_FAILURE_LIMIT
    return limit > 0 and address_failures(request) >= limit


class LockoutHandler(AxesDatabaseHandler):
    """axes's database handler, also locking an address that failed for many usernames."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        if address_is_locked(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures


@dataclass
class Lockout:
    """Why a sign-in was refused, and the moment signing in is possible again (or None)."""

    whole_address: bool
    until: datetime | None


def lockout_for(request, credentials=None):
    """Describe the lockout that refused this request's sign-in."""
    cool_off = get_cool_off(request)
    if not hasattr(request, "axes_attempt_time") or cool_off is None:
        return Lockout(whole_address=False, until=None)
    username = get_client_username(request, credentials)
    pair = _recent_attempts(request, username=username, ip_address=request.axes_ip_address)
    pair_locked = (pair["failures"] or 0) >= get_failure_limit(request, credentials)
    address = _recent_attempts(request, ip_address=request.axes_ip_address)
    address_locked = address_is_locked(request)
    latest = [
        found["latest"]
        for found, locked in ((pair, pair_locked), (address, address_locked))
        if locked and found["latest"]
    ]
    until = max(latest) + cool_off if latest else request.axes_attempt_time + cool_off
    return Lockout(whole_address=address_locked and not pair_locked, until=until)

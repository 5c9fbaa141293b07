"""The content version: one token that names the state of everything readers can see.

Cached pages and fragments are keyed by it, so a change is visible everywhere at once: the
token is renewed in the same database transaction as the change, and every server reads it from
the database, never from a per-process copy.
"""

import threading
import uuid
from contextlib import contextmanager

from django.utils import timezone

from pagecache.models import ContentVersion

SINGLETON_PK = 1

# Functions returning the next time content changes by itself (or None), registered by apps.
_deadline_sources = []


def register_deadline(source):
    """Register a function that returns the next datetime at which content changes by itself."""
    if source not in _deadline_sources:
        _deadline_sources.append(source)
    return source


def next_change_at():
    times = [when for when in (source() for source in _deadline_sources) if when is not None]
    return min(times, default=None)


_deferral = threading.local()


@contextmanager
def content_version_bumps_deferred():
    """Turn the renewals asked for inside the block into one, at its end."""
    # For bulk work such as an import: saving 10,000 posts would otherwise renew it 10,000 times.
    if getattr(_deferral, "active", False):
        yield
        return
    _deferral.active, _deferral.asked = True, False
    try:
        yield
    finally:
        asked = _deferral.asked
        _deferral.active = _deferral.asked = False
    if asked:
        _renew()


def bump_content_version():
    """Renew the content version so that every cached page and fragment is rebuilt."""
    if getattr(_deferral, "active", False):
        _deferral.asked = True
        return None
    return _renew()


def _renew():
    now = timezone.now()
    fields = {"token": uuid.uuid4().hex, "changed_at": now, "next_change_at": next_change_at()}
    updated = ContentVersion.objects.filter(pk=SINGLETON_PK).update(**fields)
    if not updated:
        ContentVersion.objects.update_or_create(pk=SINGLETON_PK, defaults=fields)
    return fields["token"], now


def content_version(request=None):
    """Return (token, changed_at) for the current content, once per request."""
    cached = getattr(request, "_content_version", None)
    if cached is not None:
        return cached
    row = (
        ContentVersion.objects.filter(pk=SINGLETON_PK)
        .values_list("token", "changed_at", "next_change_at")
        .first()
    )
    if row is None or (row[2] is not None and timezone.now() >= row[2]):
        # Missing row, or a scheduled post's time has come: what readers see has changed.
        version = _renew()
    else:
        version = row[:2]
    if request is not None:
        request._content_version = version
    return version

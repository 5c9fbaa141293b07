"""The content versions: tokens that name the state of what readers can see.

Cached pages and fragments are keyed by them, so a change is visible everywhere at once: a
token is renewed in the same database transaction as the change, and every request reads it from
the database (one indexed query for both rows), never from a copy that could be stale: not one
kept by a process, nor one in Redis that a restore from a snapshot could bring back.

Two rows: EVERYTHING changes with any change readers could notice (a post, a tag, a comment);
POSTS changes only when posts, tags or authors change, so fragments that show no comments
(the sidebar's month and tag counts) survive the far more frequent new comments.
"""

import threading
import uuid
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from pagecache.models import ContentVersion

EVERYTHING = 1
POSTS = 2
# Parts filled in on every request (a post's reaction counts, the most read posts) change
# without renewing any stored page; this row only renews what browsers hold (ETag and
# Last-Modified), so that a reader's next visit is not answered 304 with the old counts.
LIVE = 3
SINGLETON_PK = EVERYTHING

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


def _renew(pk, fields):
    if not ContentVersion.objects.filter(pk=pk).update(**fields):
        ContentVersion.objects.update_or_create(pk=pk, defaults=fields)


_deferral = threading.local()
_TABLE = connection.ops.quote_name(ContentVersion._meta.db_table)
_ROWS_SQL = f"SELECT id, token, changed_at, next_change_at FROM {_TABLE} WHERE id IN (%s, %s, %s)"


@contextmanager
def content_version_bumps_deferred():
    """Turn the renewals asked for inside the block into one, at its end."""
    # For bulk work such as an import: saving 10,000 posts would otherwise renew it 10,000 times.
    if getattr(_deferral, "active", False):
        yield
        return
    _deferral.active, _deferral.asked, _deferral.posts = True, False, False
    try:
        yield
    finally:
        asked, posts = _deferral.asked, _deferral.posts
        _deferral.active = _deferral.asked = _deferral.posts = False
    if asked:
        bump_content_version(posts=posts)


def bump_content_version(*, posts=True):
    """Renew the content version so that every cached page and fragment is rebuilt.

    posts=False for a change that shows only in comments: fragments keyed by the posts
    version alone are kept.
    """
    if getattr(_deferral, "active", False):
        _deferral.asked = True
        _deferral.posts = _deferral.posts or posts
        return None
    now = timezone.now()
    fields = {"token": uuid.uuid4().hex, "changed_at": now, "next_change_at": next_change_at()}
    _renew(EVERYTHING, fields)
    if posts:
        _renew(POSTS, {"token": uuid.uuid4().hex, "changed_at": now, "next_change_at": None})
    return fields["token"], now


def bump_live_version():
    """Renew only browsers' validators, for a change shown in parts filled per request."""
    _renew(LIVE, {"token": uuid.uuid4().hex, "changed_at": timezone.now(), "next_change_at": None})


def _read_rows():
    # The rows in one query: every cached page needs the first, most need the second. Written
    # out, and read with a plain cursor, because every request asks: the ORM takes two to three
    # times longer to build this query than to run it, and raw() as long again to make models.
    with connection.cursor() as cursor:
        cursor.execute(_ROWS_SQL, [EVERYTHING, POSTS, LIVE])
        rows = cursor.fetchall()
    found = {
        pk: (token, _aware(changed), _aware(next_change))
        for pk, token, changed, next_change in rows
    }
    return found if EVERYTHING in found and POSTS in found else None


def _aware(moment):
    # SQLite gives back the naive UTC time the ORM stored; PostgreSQL an aware one.
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, connection.timezone)


def _versions(request):
    cached = getattr(request, "_content_versions", None)
    if cached is not None:
        return cached
    rows = _read_rows() or {}
    everything = rows.get(EVERYTHING)
    if (
        everything is None
        or POSTS not in rows
        or (everything[2] is not None and timezone.now() >= everything[2])
    ):
        # A missing row, or a scheduled post's time has come: what readers see has changed.
        bump_content_version()
        rows = _read_rows()
        everything = rows[EVERYTHING]
    versions = {EVERYTHING: everything[:2], POSTS: rows[POSTS][:2]}
    # Until the first per-request change, the content version stands for it.
    versions[LIVE] = rows[LIVE][:2] if LIVE in rows else everything[:2]
    if request is not None:
        request._content_versions = versions
    return versions


def content_version(request=None):
    """Return (token, changed_at) for everything readers see, read once per request."""
    return _versions(request)[EVERYTHING]


def live_version(request=None):
    """Return (token, changed_at) of the parts filled per request, read with the others."""
    return _versions(request)[LIVE]


def posts_version(request=None):
    """Return (token, changed_at) for posts, tags and authors only, read once per request."""
    return _versions(request)[POSTS]

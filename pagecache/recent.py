"""Copies, in this process's memory, of stored parts it fetched from Redis a moment ago.

Only for keys that name a version read from the database for this request (a page and the
comments under the content version, who reacted how under the live version): any change renews
the version, so the key, and a copy kept here is exactly as fresh as the one in Redis. A cached
page then costs no call to Redis at all when this process served it in the last minute, and Redis
restarted, flushed or frozen changes nothing here.

Kept only when the cache is shared (Redis, settings.CACHE_IS_SHARED); with Django's local-memory
cache (development, tests) that cache is already in this process. Django's LocMemCache holds
the copies: at most RECENT_ENTRIES, each for at most RECENT_SECONDS.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

RECENT_ENTRIES = 100
RECENT_SECONDS = 60
# What recent_get_many keeps for a key that Redis did not hold.
_ABSENT = "pagecache.recent: absent"

_recent = LocMemCache(
    "ceoblog-pagecache-recent",
    {"TIMEOUT": RECENT_SECONDS, "OPTIONS": {"MAX_ENTRIES": RECENT_ENTRIES, "CULL_FREQUENCY": 4}},
)


def recent_get(key, *, local_key=None):
    """Return cache.get(key), from this process's copy while it has one.

    local_key: the name of the copy here, when the stored value can change under the same key
    (it then names the version that renews it too).
    """
    if not settings.CACHE_IS_SHARED:
        return cache.get(key)
    local_key = local_key or key
    value = _recent.get(local_key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            _recent.set(local_key, value)
    return value


def recent_get_many(keys):
    """Return cache.get_many(keys), taking what this process holds a copy of from here.

    Keys Redis did not hold are remembered as absent too, so that asking again for parts a
    page may need (the comments open and closed...) costs no call; a part this process then
    needs, it works out and stores itself (recent_set).
    """
    if not settings.CACHE_IS_SHARED:
        return cache.get_many(keys)
    found = _recent.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        fetched = cache.get_many(missing)
        _recent.set_many({key: fetched.get(key, _ABSENT) for key in missing})
        found.update(fetched)
    return {key: value for key, value in found.items() if value != _ABSENT}


def recent_set(key, value, timeout, *, local_key=None):
    """cache.set(), keeping this process's copy too."""
    cache.set(key, value, timeout)
    if settings.CACHE_IS_SHARED:
        _recent.set(local_key or key, value)


def recent_forget():
    """Drop every copy this process holds (tests, and a cache cleared by hand)."""
    _recent.clear()

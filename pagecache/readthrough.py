"""Copies, in the shared cache, of rows that nearly every request reads: never stale.

Every signed-in request needs its user, and every cached page the content version. Reading them
from Redis rather than PostgreSQL halves the cost of a page served from the cache. This is done
only when the cache is shared by every process and server (CACHE_URL=redis://...): a cache in
one process's memory cannot hear of a change made in another.

A writer calls `forget(key)` when it changes the row. That stores a "hold" under the key at once,
and again when the transaction commits. While a hold stands, readers read the database and do
not store what they read, so a reader that read the old row just before the commit cannot put it
back. After the hold, the first reader stores the committed row with `add`, which never
overwrites. Copies also expire, as a last resort against a process that died between its commit
and its hold.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

HOLD = "ceoblog-readthrough-hold"
HOLD_SECONDS = 5
KEEP_SECONDS = 300


def is_enabled():
    return settings.CACHE_IS_SHARED


def read_through(key, load, timeout=KEEP_SECONDS, *, before_storing=None):
    """Return the copy under `key`, or `load()` (stored unless held, or None).

    `before_storing(value)` may complete a loaded value that is about to be stored.
    """
    if not is_enabled():
        return load()
    stored = cache.get(key)
    held = isinstance(stored, str) and stored == HOLD
    if stored is not None and not held:
        return stored
    value = load()
    if stored is None and value is not None:
        if before_storing is not None:
            before_storing(value)
        cache.add(key, value, timeout)
    return value


def forget(*keys):
    """Stop readers using the copies under `keys` until this transaction's change is committed."""
    if not is_enabled() or not keys:
        return

    def hold():
        cache.set_many(dict.fromkeys(keys, HOLD), HOLD_SECONDS)

    hold()
    # Runs at once outside a transaction; after the commit inside one.
    transaction.on_commit(hold)

"""Where reads wait between the post page and the database: one Redis hash for every server.

The post page adds a field `<post id>:<user id>` with the value `<unix time>|<1 if from the
email alert else 0>` by HSETNX, so a reader's first read of a post in a period between two folds
is the one kept, in one Redis command. `readership_fold` renames the hash (atomic: reads recorded
meanwhile start a new one), folds it into the database, then deletes it.
"""

import logging
import uuid

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PENDING = "readership:pending"
# The renamed hashes being folded: a fold that stopped half-way leaves its hash here, and the
# next fold takes it again (folding twice counts nothing twice).
FOLDING = "readership:folding"

# Rename the pending hash, if any, into the set of hashes being folded; return that set.
_TAKE = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    redis.call('RENAME', KEYS[1], KEYS[2])
    redis.call('SADD', KEYS[3], KEYS[2])
end
return redis.call('SMEMBERS', KEYS[3])
"""


class StoreUnavailable(Exception):
    """The cache is not a shared Redis, or Redis failed: reads go to the database directly."""


def _run(work):
    run = getattr(cache, "redis_run", None)
    if run is None:
        raise StoreUnavailable("The cache is not Redis.")
    try:
        return run(work)
    except RedisError as error:
        raise StoreUnavailable(str(error)) from error


def field_of(post_id, user_id):
    return f"{int(post_id)}:{int(user_id)}"


def store_add(*, post_id, user_id, read_at, from_alert):
    """Keep a read until the next fold, unless this reader's read of the post already waits."""
    value = f"{int(read_at.timestamp())}|{int(bool(from_alert))}"
    key = cache.make_key(PENDING)
    _run(lambda client: client.hsetnx(key, field_of(post_id, user_id), value))


def store_take():
    """Return {hash name: {field: value}} of every hash of reads waiting to be folded."""
    taken = cache.make_key(f"{FOLDING}:{uuid.uuid4().hex}")
    keys = (cache.make_key(PENDING), taken, cache.make_key(FOLDING))

    def take(client):
        names = client.eval(_TAKE, len(keys), *keys)
        pipe = client.pipeline(transaction=False)
        for name in names:
            pipe.hgetall(name)
        return dict(zip(names, pipe.execute(), strict=True))

    return {
        _text(name): {_text(k): _text(v) for k, v in fields.items()}
        for name, fields in _run(take).items()
    }


def store_forget(names):
    """Delete hashes folded into the database."""
    if not names:
        return
    folding = cache.make_key(FOLDING)

    def forget(client):
        pipe = client.pipeline(transaction=True)
        pipe.delete(*names)
        pipe.srem(folding, *names)
        pipe.execute()

    _run(forget)


def _text(value):
    return value.decode() if isinstance(value, bytes) else value

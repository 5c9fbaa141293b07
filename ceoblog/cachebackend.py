"""Django's Redis cache, for which an unreachable or frozen Redis is a miss, never an error.

ceoblog's cache holds only copies, so a cache that cannot answer is a cache that has nothing:
`get` returns the default, `add` stores nothing (False), `set` and `delete` do nothing, and the
page is rendered from the database. Each call waits at most the socket timeouts in OPTIONS
(`socket_connect_timeout`, `socket_timeout`; see CACHES in ceoblog/settings.py). After a failure
the process leaves Redis alone for `pause_after_failure` seconds (OPTIONS, default 5) and answers
every call at once as a miss, so a frozen Redis costs each process one timeout per pause, not one
per call; the first call after the pause tries Redis again, and recovery needs nothing more.

Only Redis's own errors (`redis.RedisError`: refused, reset, timed out, out of memory) are
caught. A key that is too long or a value that cannot be pickled is a bug and still raises.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.retry import Retry

log = logging.getLogger(__name__)

PAUSE_SECONDS = 5
DEFAULT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 0.5,
    # A connection broken since it was last used (Redis restarted) is opened again once, at
    # once; a timeout is never repeated, since a frozen Redis would only time out again.
    "retry": Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
}


def _on_failure(answer):
    """Answer `answer(*args, **kwargs)` when Redis fails or the process is leaving it alone."""

    def decorate(method):
        @functools.wraps(method)
        def forgiving(self, *args, **kwargs):
            if time.monotonic() < self._paused_until:
                return answer(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self._pause(error)
                return answer(*args, **kwargs)

        return forgiving

    return decorate


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _default(key, default=None, version=None):
    return default


def _found_none(keys, version=None):
    return {}


def _none_stored(data, *args, **kwargs):
    # set_many returns the keys it failed to store.
    return list(data)


def _not_found(key, *args, **kwargs):
    # What incr() and decr() say of a key the cache does not hold.
    raise ValueError(f"Key {key!r} not found (the cache is unreachable).")


class _OneClientPerPool(RedisCacheClient):
    """Django's Redis client maker, keeping one redis.Redis per connection pool.

    Django makes a new redis.Redis for every cache call, and making one builds a table of
    about eighty reply handlers: about a third of a cached page's time in Redis. A redis.Redis
    is safe to share between threads (each command borrows a connection from the pool).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that turns Redis's failures into misses."""

    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        self.pause_seconds = options.pop("pause_after_failure", PAUSE_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = _OneClientPerPool
        self._paused_until = 0.0

    def _pause(self, error):
        self._paused_until = time.monotonic() + self.pause_seconds
        log.warning(
            "Redis cache unreachable (%s: %s): pages are served without it for %s s.",
            type(error).__name__,
            error,
            self.pause_seconds,
        )

    add = _on_failure(_false)(RedisCache.add)
    get = _on_failure(_default)(RedisCache.get)
    set = _on_failure(_nothing)(RedisCache.set)
    touch = _on_failure(_false)(RedisCache.touch)
    delete = _on_failure(_false)(RedisCache.delete)
    get_many = _on_failure(_found_none)(RedisCache.get_many)
    has_key = _on_failure(_false)(RedisCache.has_key)
    incr = _on_failure(_not_found)(RedisCache.incr)
    set_many = _on_failure(_none_stored)(RedisCache.set_many)
    delete_many = _on_failure(_nothing)(RedisCache.delete_many)
    clear = _on_failure(_false)(RedisCache.clear)

    def redis_run(self, work):
        """Return `work(client)` with this cache's Redis client, for commands Django lacks.

        Raise RedisError when Redis fails or the process is leaving it alone after a failure,
        each call waiting at most the socket timeouts, as the methods above.
        """
        if time.monotonic() < self._paused_until:
            raise RedisError("Redis is left alone after a failure.")
        try:
            return work(self._cache.get_client(write=True))
        except RedisError as error:
            self._pause(error)
            raise

"""One render of a missing page at a time, on every server; the others wait a moment for it.

A change readers can see renews the content version, and with it the key of every stored page:
the next requests for the home page all miss together. At a busy moment (Monday morning, a post
published) each worker rendered the same page at once, four renders of the home page on a
2-core server, and the requests queued behind them: the run's p99 went from 92 ms without the
publish to 172 ms with it (docs/performance.md).

So the first request to miss a page claims it in Redis (SET NX, expiring after CLAIM_SECONDS in
case its server dies) and renders; a request that finds the page claimed waits for the stored
page, looking every POLL_SECONDS, at most CEOBLOG_PAGE_RENDER_WAIT_MS, and renders itself if the
page does not come or the claim goes without a page (an error page is never stored). Nothing here
is served that is older than the content version the request read: the waiting is for the page
under this very key.

Without a shared Redis (one process: Django's local-memory cache) or with Redis failing, no one
claims and every request renders as before: the claim is an optimisation, never a dependency.
"""

import contextlib
import time

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

CLAIM_SECONDS = 10
POLL_SECONDS = 0.01


def _claim_key(key):
    return f"{key}:rendering"


def _redis_run():
    return getattr(cache, "redis_run", None) if settings.CACHE_IS_SHARED else None


def claim(key):
    """Claim the rendering of the page stored under `key`.

    Return True if this request holds the claim (it renders, then calls release), False if
    another request holds it (wait_for the page), None if no one can claim (it renders).
    """
    run = _redis_run()
    if run is None or not settings.CEOBLOG_PAGE_RENDER_WAIT_MS:
        return None
    claim_key = cache.make_key(_claim_key(key))
    try:
        return bool(run(lambda client: client.set(claim_key, 1, nx=True, ex=CLAIM_SECONDS)))
    except RedisError:
        return None


def release(key):
    """Give up this request's claim on the page, once it is stored or will not be."""
    run = _redis_run()
    if run is None:
        return
    claim_key = cache.make_key(_claim_key(key))
    # If Redis fails now, the claim expires after CLAIM_SECONDS.
    with contextlib.suppress(RedisError):
        run(lambda client: client.delete(claim_key))


def wait_for(key):
    """Return the page another request is rendering under `key` once stored, or None.

    None: the claim went without a page, or the wait ran out; the caller renders the page.
    """
    deadline = time.monotonic() + settings.CEOBLOG_PAGE_RENDER_WAIT_MS / 1000
    claim_key = _claim_key(key)
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        found = cache.get_many([key, claim_key])
        if key in found:
            return found[key]
        if claim_key not in found:
            return None
    return None

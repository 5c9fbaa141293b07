"""The health check a load balancer or monitor polls: can this server reach what it needs?

Only the database is needed to serve pages. The cache (Redis) only makes them faster: without
it every page is rendered from the database (ceoblog/cachebackend.py), so an unreachable cache
answers 200 "degraded: cache", which keeps the server in the load balancer's pool. Taking every
server out because their shared Redis is down would turn a slower site into no site.
"""

import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


def database_is_up():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def cache_is_up():
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 10)
        answer = cache.get(key)
        cache.delete(key)
    except Exception:
        return False
    return answer == "ok"


@login_not_required
@never_cache
def healthz(request):
    """Answer 200 "ok", 200 "degraded: cache", or 503 "unavailable: database"."""
    database_up = database_is_up()
    lines = [] if database_up else ["unavailable: database"]
    if not cache_is_up():
        lines.append("degraded: cache")
    text = "\n".join(lines or ["ok"]) + "\n"
    return HttpResponse(text, status=200 if database_up else 503, content_type="text/plain")

"""The health check a load balancer or monitor polls: can this server reach what it needs?"""

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
    """Answer 200 "ok", or 503 naming each part that failed."""
    failing = [
        name
        for name, check in (("database", database_is_up), ("cache", cache_is_up))
        if not check()
    ]
    if failing:
        return HttpResponse(
            f"unavailable: {', '.join(failing)}\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")

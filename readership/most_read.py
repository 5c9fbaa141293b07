"""The sidebar's "Most read this month": the published posts with most readers since the 1st.

Read from the daily totals, which the periodic fold keeps current. The list is shown in a part
filled per request (pagecache/holes.py) from one cached fragment, so new totals show within
CEOBLOG_MOST_READ_SECONDS without renewing any stored page.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone

from pagecache.recent import recent_get, recent_set
from pagecache.version import bump_live_version, live_version, posts_version
from posts.models import Post

MOST_READ = 5


def most_read_posts(now=None, limit=MOST_READ):
    """Return the published posts most read this month (site time), most readers first."""
    now = now or timezone.now()
    first = timezone.localdate(now).replace(day=1)
    return list(
        Post.objects.published(now)
        .filter(daily_reads__day__gte=first, daily_reads__readers__gt=0)
        .annotate(month_readers=Sum("daily_reads__readers"))
        .order_by("-month_readers", "-published_at", "-id")
        .only("title", "slug", "published_at")[:limit]
    )


def _render():
    return render_to_string("readership/_most_read_section.html", {"posts": most_read_posts()})


def _key(request=None):
    # The posts version: a post unpublished or renamed leaves the list at once. The month: the
    # list starts again on the 1st.
    token, _ = posts_version(request)
    return f"pagecache:most-read:{token}:{timezone.localdate():%Y-%m}"


def most_read_html(request=None):
    """Return the section's HTML, from the cache while it is fresh."""
    if not settings.CEOBLOG_PAGE_CACHE_SECONDS:
        return _render()
    key = _key(request)
    # A process's own copy is named by the live version too, which the fold renews.
    local_key = f"{key}:{live_version(request)[0]}"
    html = recent_get(key, local_key=local_key)
    if html is None:
        html = _render()
        recent_set(key, html, settings.CEOBLOG_MOST_READ_SECONDS, local_key=local_key)
    return html


def most_read_refresh():
    """Work the list out again now, after new totals are folded in; call it from the fold."""
    if settings.CEOBLOG_PAGE_CACHE_SECONDS:
        cache.set(_key(), _render(), settings.CEOBLOG_MOST_READ_SECONDS)
    # Browsers holding a page with the old list ask again rather than being answered 304.
    bump_live_version()

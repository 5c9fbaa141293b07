from django import template
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from taggit.models import Tag

from pagecache.version import posts_version
from posts.models import Post

register = template.Library()

RECENT_POSTS = 5
# The most used tags; thousands of tags would make every page heavy to send and to read.
SIDEBAR_TAGS = 40


@register.simple_tag(takes_context=True)
def sidebar(context):
    """Render the sidebar, from the cache while no post, tag or author has changed."""
    # Keyed by the posts version: a new comment leaves the sidebar's counts as they were.
    token, _ = posts_version(context.get("request"))
    key = f"pagecache:sidebar:{token}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("posts/_sidebar.html", sidebar_context())
        cache.set(key, html, settings.CEOBLOG_PAGE_CACHE_SECONDS or None)
    return mark_safe(html)  # noqa: S308  (rendered from our own template, escaped there)


def sidebar_context():
    """Return the archive months, most used tags and recent posts, of published posts only."""
    published = Post.objects.published()
    months = (
        # The stored local day, not published_at: no time zone arithmetic on every row.
        published.annotate(month=TruncMonth("published_on"))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("-month")
    )
    popular = (
        Tag.objects.filter(tagged_posts__content_object__in=published)
        .annotate(count=Count("tagged_posts"))
        .order_by("-count", "name")[:SIDEBAR_TAGS]
    )
    tags = sorted(popular, key=lambda tag: tag.name.casefold())
    recent = published.only("title", "slug", "published_at").order_by("-published_at", "-id")
    return {"months": months, "tags": tags, "recent_posts": recent[:RECENT_POSTS]}


@register.filter
def datetime_attr(value):
    """Format an aware datetime for a <time datetime> attribute: local time, whole seconds."""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """Return the full address of a path on this site, as the reader's browser reached it."""
    return context["request"].build_absolute_uri(path)

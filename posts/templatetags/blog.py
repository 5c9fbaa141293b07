import functools
from datetime import date

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache.version import posts_version
from posts.counts import hidden_now, popular_tags, published_months
from posts.links import reverse_remembered
from posts.models import Post

register = template.Library()

RECENT_POSTS = 5
# The most used tags; thousands of tags would make every page heavy to send and to read.
SIDEBAR_TAGS = 40


@register.simple_tag(takes_context=True)
def sidebar(context):
    """Render the sidebar: its posts' lists from the cache while no post, tag or author changed.

    The lists of other apps (most read, recent comments) are put in by posts/_sidebar.html,
    each kept fresh its own way (docs/maintainers.md, "The sidebar").
    """
    request = context.get("request")
    recent_html, browse_html = _sidebar_lists(request)
    return render_to_string(
        "posts/_sidebar.html",
        {
            "request": request,
            "recent_html": mark_safe(recent_html),  # noqa: S308  (our templates, escaped there)
            "browse_html": mark_safe(browse_html),  # noqa: S308
        },
    )


def _sidebar_lists(request):
    # Keyed by the posts version: a new comment leaves the sidebar's counts as they were.
    seconds = settings.CEOBLOG_PAGE_CACHE_SECONDS
    if not seconds:
        # The page cache is off (CEOBLOG_PAGE_CACHE_SECONDS=0): so is this part of it.
        return _render_sidebar_lists()
    token, _ = posts_version(request)
    # ":2": the recent posts and the archives and tags, apart, since most read came between.
    key = f"pagecache:sidebar:2:{token}"
    lists = cache.get(key)
    if lists is None:
        lists = _render_sidebar_lists()
        cache.set(key, lists, seconds)
    return lists


def _render_sidebar_lists():
    lists = sidebar_context()
    return (
        render_to_string("posts/_sidebar_recent.html", lists),
        render_to_string("posts/_sidebar_browse.html", lists),
    )


def sidebar_context():
    """Return the archive months, most used tags and recent posts, of published posts only."""
    # Stored counts less the posts the clock hides (posts/counts.py): no count of every post.
    now = timezone.now()
    hidden = hidden_now(now)
    tags = sorted(popular_tags(SIDEBAR_TAGS, hidden), key=lambda tag: tag.name.casefold())
    recent = Post.objects.published(now).only("title", "slug", "published_at")
    recent = recent.order_by("-published_at", "-id")
    return {
        "archive_items": archive_items(published_months(hidden)),
        "tag_items": tag_items(tags),
        "recent_posts": recent[:RECENT_POSTS],
    }


def archive_items(months):
    """Return the archive list's items as HTML: each month's link and how many posts it has.

    Two hundred months and more on an old blog: a template loop over them, with {% url %} and
    |date, was a fifth of every page rendered from scratch. Each month's link is made once.
    """
    prefix, language = get_script_prefix(), get_language()
    # The spaces and line breaks are those the template's loop left, so pages stay the same.
    items = (
        f"\n      {month_link(prefix, language, month.year, month.month)} ({count:d})</li>\n      "
        for month, count in months
    )
    return mark_safe("".join(items))  # noqa: S308  (month_link escapes; counts are numbers)


def tag_items(tags):
    """Return the tag list's items as HTML: each tag's link and how many posts it has.

    As archive_items: forty tags through a template loop, each with {% tag_url %} and a count
    put through the number formats, cost a millisecond of a page rendered from scratch.
    """
    items = (
        format_html(
            '\n      <li><a href="{}">{}</a> ({})</li>\n      ',
            tag_url(tag.slug),
            tag.name,
            f"{tag.count:d}",
        )
        for tag in tags
    )
    return mark_safe("".join(items))  # noqa: S308  (each item put together by format_html)


@functools.lru_cache(maxsize=4096)
def month_link(prefix, language, year, month):
    """Return the start of a month's archive item: <li> and its link, in this language."""
    url = reverse("posts:archive-month", kwargs={"year": f"{year:04d}", "month": f"{month:02d}"})
    return format_html(
        '<li><a href="{}">{}</a>', url, dateformat.format(date(year, month, 1), "F Y")
    )


@register.simple_tag
def tag_url(slug):
    """Return a tag's page address, as {% url 'posts:tag' slug=... %} would, remembered."""
    return reverse_remembered("posts:tag", slug=slug)


@register.filter
def datetime_attr(value):
    """Format an aware datetime for a <time datetime> attribute: local time, whole seconds."""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """Return the full address of a path on this site, as the reader's browser reached it."""
    return context["request"].build_absolute_uri(path)

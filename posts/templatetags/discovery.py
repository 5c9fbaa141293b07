from django import template
from django.conf import settings
from django.core.cache import cache

from pagecache.version import posts_version
from posts.links import absolute_url
from posts.related import post_description, post_reading_minutes, post_related
from posts.search import search_snippet

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute(context, path):
    """Turn a site path into a complete address, on CEOBLOG_SITE_URL when it is set."""
    return absolute_url(str(path), context.get("request"))


@register.filter
def reading_time(post):
    """Say how long the post takes to read, as "4 minute read"."""
    return f"{post_reading_minutes(post=post)} minute read"


@register.filter
def description(post):
    """Return the post's summary as plain text for meta and Open Graph descriptions."""
    return post_description(post=post)


@register.simple_tag
def snippet(post, query):
    """Render a search result's snippet with the matched words marked."""
    return search_snippet(post, query)


@register.inclusion_tag("posts/_related_posts.html", takes_context=True)
def related_posts(context, post):
    """Render up to three published posts that share tags with post."""
    # Keyed by the posts version: a new comment re-renders the post page but not this count
    # of shared tags across every post.
    seconds = settings.CEOBLOG_PAGE_CACHE_SECONDS
    if not seconds:
        # The page cache is off (CEOBLOG_PAGE_CACHE_SECONDS=0): so is this part of it.
        return {"related_posts": post_related(post=post)}
    token, _ = posts_version(context.get("request"))
    key = f"pagecache:related:{token}:{post.pk}"
    related = cache.get(key)
    if related is None:
        related = list(post_related(post=post))
        cache.set(key, related, seconds)
    return {"related_posts": related}

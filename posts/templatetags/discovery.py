from django import template

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


@register.inclusion_tag("posts/_related_posts.html")
def related_posts(post):
    """Render up to three published posts that share tags with post."""
    return {"related_posts": post_related(post=post)}

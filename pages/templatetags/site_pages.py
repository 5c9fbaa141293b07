from django import template
from django.conf import settings
from django.core.cache import cache

from pagecache.version import content_version
from pages.models import pages_listed

register = template.Library()


@register.simple_tag(takes_context=True)
def site_pages(context):
    """Return the published pages' titles and addresses, for the list at the foot of every page."""
    seconds = settings.CEOBLOG_PAGE_CACHE_SECONDS
    if not seconds:
        return [(page.title, page.get_absolute_url()) for page in pages_listed()]
    # Kept while nothing readers see has changed: a page's save renews the content version.
    token, _ = content_version(context.get("request"))
    key = f"pagecache:site-pages:{token}"
    listed = cache.get(key)
    if listed is None:
        listed = [(page.title, page.get_absolute_url()) for page in pages_listed()]
        cache.set(key, listed, seconds)
    return listed

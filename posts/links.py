"""Absolute addresses for feeds, the sitemap, Open Graph tags and emails."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The parts of a post's address, as the old WordPress "day and name" addresses had them. Months
# and days are matched as strings so that an unpadded form (/2013/5/16/) can be recognised and
# redirected to the padded one. Used by posts/urls.py and comments/urls.py (a post's comment feeds).
YEAR = r"(?P<year>[0-9]{4})"
MONTH = r"(?P<month>[0-9]{1,2})"
DAY = r"(?P<day>[0-9]{1,2})"
POST_ADDRESS = rf"{YEAR}/{MONTH}/{DAY}/(?P<slug>[^/]+)/"

# The parameter an email alert's links to a post carry, so that readership can count how many
# readers came from the alert. The post page reads it in a per-user part only: its cached copy
# is the same with it or without (CEOBLOG_PAGE_CACHE_VIEWS names no parameter for posts:detail).
FROM_ALERT_PARAMETER = "from"
FROM_ALERT_VALUE = "alert"


def from_alert(url):
    """Return a post's address as an email alert links to it."""
    return f"{url}?{FROM_ALERT_PARAMETER}={FROM_ALERT_VALUE}"


def absolute_url(path, request=None):
    """Return path on CEOBLOG_SITE_URL, else on the request's host, else the path unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    if settings.CEOBLOG_SITE_URL:
        return f"{settings.CEOBLOG_SITE_URL}{path}"
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def reverse_remembered(name, **kwargs):
    """Return reverse(name, kwargs=kwargs), remembered: a list page links to a hundred of them.

    The same name and arguments always give the same address under one URL configuration and
    script prefix, which are part of what is remembered.
    """
    return _reverse(get_urlconf(), get_script_prefix(), name, tuple(kwargs.items()))


@functools.lru_cache(maxsize=8192)
def _reverse(urlconf, prefix, name, kwargs):
    return reverse(name, urlconf=urlconf, kwargs=dict(kwargs))

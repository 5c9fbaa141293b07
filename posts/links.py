"""Absolute addresses for places that have no request to build them from (feeds, emails)."""

from django.conf import settings


def absolute_url(path):
    """Return path joined to the site's configured address, CEOBLOG_SITE_URL."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.CEOBLOG_SITE_URL}{path}"

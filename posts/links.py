"""Absolute addresses for feeds, the sitemap, Open Graph tags and emails."""

from django.conf import settings


def absolute_url(path, request=None):
    """Return path on CEOBLOG_SITE_URL, else on the request's host, else the path unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    if settings.CEOBLOG_SITE_URL:
        return f"{settings.CEOBLOG_SITE_URL}{path}"
    if request is not None:
        return request.build_absolute_uri(path)
    return path

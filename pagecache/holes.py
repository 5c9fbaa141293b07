"""Per-user holes in shared cached pages.

A page cached for every reader is rendered once with markers where per-user parts go (the
account box, CSRF tokens). Each request then fills the markers for its own user, so one reader's
name or token never reaches another.
"""

import re

from django.middleware.csrf import get_token
from django.template.loader import render_to_string

CSRF_PLACEHOLDER = "ceoblog-csrf-token-placeholder"
_HOLE = re.compile(rb"<!--ceoblog:per-user:([A-Za-z0-9_./-]+)-->")


def is_rendering_shared(request):
    return bool(getattr(request, "_pagecache_shared_render", False))


def hole_marker(template_name):
    return f"<!--ceoblog:per-user:{template_name}-->"


def render_per_user(template_name, request):
    return render_to_string(template_name, request=request)


def fill_holes(content, request):
    """Return the shared page content with this request's per-user parts filled in."""
    rendered = {}

    def fill(match):
        name = match.group(1)
        if name not in rendered:
            rendered[name] = render_per_user(name.decode(), request).encode()
        return rendered[name]

    content = _HOLE.sub(fill, content)
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder in content:
        content = content.replace(placeholder, get_token(request).encode())
    return content

"""Per-user holes in shared cached pages.

A page cached for every reader is rendered once with markers where per-user parts go (the
account box, CSRF tokens). Each request then fills the markers for its own user, so one reader's
name or token never reaches another.
"""

import re

from django.middleware.csrf import get_token
from django.template.loader import render_to_string

CSRF_PLACEHOLDER = "ceoblog-csrf-token-placeholder"
_HOLE = re.compile(rb"<!--ceoblog:per-user:([A-Za-z0-9_./-]+)(?:@([0-9]+))?-->")


def is_rendering_shared(request):
    return bool(getattr(request, "_pagecache_shared_render", False))


def hole_marker(template_name, object_id=None):
    suffix = "" if object_id is None else f"@{int(object_id)}"
    return f"<!--ceoblog:per-user:{template_name}{suffix}-->"


def render_per_user(template_name, request, object_id=None, context=None):
    """Render a per-user partial; it sees the request, `object_id` and any context given."""
    return render_to_string(
        template_name, {**(context or {}), "object_id": object_id}, request=request
    )


def fill_holes(content, request):
    """Return the shared page content with this request's per-user parts filled in."""
    rendered = {}

    def fill(match):
        name, object_id = match.group(1), match.group(2)
        if match.group(0) not in rendered:
            rendered[match.group(0)] = render_per_user(
                name.decode(),
                request,
                int(object_id) if object_id else None,
                # One token for the whole page, put in below.
                context={"csrf_token": CSRF_PLACEHOLDER},
            ).encode()
        return rendered[match.group(0)]

    content = _HOLE.sub(fill, content)
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder in content:
        content = content.replace(placeholder, get_token(request).encode())
    return content

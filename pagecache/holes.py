"""Per-user parts ("holes") in pages and fragments shared by every reader.

A page cached for every reader is rendered once with markers where per-user parts go (the
account box, the comment form, CSRF tokens). Each marker holds a random value made for that one
render, so no text a reader or writer types (a comment, a post) can ever be taken for one. The
rendered text is then split at its markers once, before it is stored: filling it for a request
joins the stored pieces with that user's parts, and never looks inside the text between them.
"""

import re
import secrets

from django.middleware.csrf import get_token
from django.template.loader import render_to_string

# Template names and object ids, as in "hole:comments/_section_for_user.html@12".
_SLOT_NAME = r"[A-Za-z0-9_./@:-]+"
CSRF = "csrf"


class Markers:
    """The markers of one shared render: `[[<random>:<slot>]]`, unguessable and never shown."""

    def __init__(self):
        self.nonce = secrets.token_hex(16)
        self._pattern = re.compile(rf"\[\[{self.nonce}:({_SLOT_NAME})\]\]")

    def marker(self, slot):
        return f"[[{self.nonce}:{slot}]]"

    def split(self, text):
        """Return the text as a tuple: literal, slot, literal, slot, ..., literal."""
        return tuple(self._pattern.split(text))


def fill(pieces, value_of):
    """Join split text, putting `value_of(slot)` in each slot (worked out once per slot)."""
    values = {}
    out = list(pieces)
    for index in range(1, len(out), 2):
        slot = out[index]
        if slot not in values:
            values[slot] = value_of(slot)
        out[index] = values[slot]
    return "".join(out)


def csrf_token_for(request):
    """Return this request's CSRF token, masked once for the whole response.

    Django masks the secret afresh at each call (against BREACH, which needs a token repeated
    across responses); a page fills several forms from separate renders (the account box, the
    reactions, the comment form), and each mask costs 32 random characters. Within one template
    Django already shares one masked token between forms; this shares it between the holes too.
    """
    secret = request.META.get("CSRF_COOKIE")
    memo = getattr(request, "_pagecache_csrf", None)
    if memo is None or memo[0] != secret:
        token = get_token(request)
        # get_token may have made the secret; a rotated one (signing in) gets a new token.
        request._pagecache_csrf = memo = (request.META.get("CSRF_COOKIE"), token)
    return memo[1]


def markers_of(request):
    """Return the markers of the shared render under way for this request, or None."""
    return getattr(request, "_pagecache_markers", None)


def is_rendering_shared(request):
    return markers_of(request) is not None


def hole_slot(template_name, object_id=None):
    suffix = "" if object_id is None else f"@{int(object_id)}"
    return f"hole:{template_name}{suffix}"


def render_per_user(template_name, request, object_id=None, context=None):
    """Render a per-user partial; it sees the request, `object_id` and any context given."""
    return render_to_string(
        template_name, {**(context or {}), "object_id": object_id}, request=request
    )


def fill_page(pieces, request):
    """Return a stored page's text with this request's per-user parts in its slots."""

    def value_of(slot):
        if slot == CSRF:
            return csrf_token_for(request)
        name, _, object_id = slot.removeprefix("hole:").partition("@")
        return render_per_user(
            name,
            request,
            int(object_id) if object_id else None,
            # Tells a partial it fills a hole, with nothing of the page's own context.
            context={"per_user_hole": True},
        )

    return fill(pieces, value_of)

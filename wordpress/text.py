"""Small text helpers shared by the importer's modules."""

import re
from html import unescape

from django.utils.html import strip_tags

USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")
WHITESPACE = re.compile(r"\s+")


def plain_text(html):
    """Turn a WordPress title or excerpt (HTML, perhaps with entities) into plain text."""
    return WHITESPACE.sub(" ", unescape(strip_tags(html or ""))).strip()

"""Embedded players (issue 15): which addresses a post's <iframe> may show.

The site's list of hosts is CEOBLOG_EMBED_HOSTS; the Content-Security-Policy's frame-src is built
from the same list (ceoblog/settings.py), so a player the sanitiser keeps is one browsers load.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings

# What the sanitiser keeps of an iframe, in this order (posts.tidy writes them), and the values
# every kept player gets whatever was written: loaded only when scrolled to, telling its host no
# more than the site's address, allowed to go full screen.
IFRAME_KEPT = ("src", "title", "width", "height")
IFRAME_SET = {
    "referrerpolicy": "strict-origin-when-cross-origin",
    "loading": "lazy",
    "allowfullscreen": "",
}

# Browsers ignore tabs, line breaks and other control characters inside an address.
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")


def embed_src_allowed(src):
    """Return whether src is an https address on one of the site's embed hosts."""
    address = _IGNORED_IN_URLS.sub("", src or "")
    try:
        parts = urlsplit(address)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme.lower() == "https"
        and host in settings.CEOBLOG_EMBED_HOSTS
        and port in (None, 443)
        and not parts.username
        and not parts.password
        # What is written is what is checked: no "\\" that a browser would read as "/".
        and "\\" not in address
        and address == src.strip()
    )

"""Allow-list HTML sanitising for post bodies, shared by the admin, importer and fixtures."""

import re

import nh3
from django.conf import settings

from posts.embeds import IFRAME_KEPT, embed_src_allowed
from posts.pieces import body_pieces
from posts.tidy import tidy_body

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    # Kept so that tidy_body can renumber it, not lose it: bodies sit under the post's title.
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    # Embedded players from the site's hosts only (posts.embeds); tidy_body drops one without src.
    "iframe",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "time",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading"},
    "iframe": set(IFRAME_KEPT),
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}
# The addresses an image's srcset may name: the page's own or the web's, never script or data.
IMAGE_URL_SCHEMES = {"http", "https"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
# Browsers ignore tabs, line breaks and other control characters inside an address.
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")

# Elements dropped with everything inside them, not just their tags: code, styles, and the
# <xml> islands and conditional blocks that Word adds to what is copied out of it.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "xml",
    "template",
    "noscript",
    "object",
    "title",
}


# --- Video and audio players (the audiovideo app's editor makes exactly these) ----------------
# <figure><video src poster width height><track kind="captions" srclang="en" label default src>
# </video><details><summary>Transcript</summary><p>...</p></details><figcaption>...</figcaption>
# </figure>, and the same with <audio src>. Every player gets the browser's own controls and loads
# only its length until played; autoplay, loop, muted, on* and any other attribute are removed,
# and every address must be a file of the library under /media/audiovideo/ (nothing foreign).
PLAYER_TAGS = {"video", "audio", "track"}
PLAYER_ATTRIBUTES = {
    "video": {"src", "poster", "width", "height", "controls", "preload"},
    "audio": {"src", "controls", "preload"},
    "track": {"src", "kind", "srclang", "label", "default"},
}
PLAYER_SET_ATTRIBUTES = {
    "video": {"controls": "", "preload": "metadata"},
    "audio": {"controls": "", "preload": "metadata"},
}
PLAYER_ADDRESS_ATTRIBUTES = {
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
}
_PLAYER_FILE = re.compile(r"audiovideo/[A-Za-z0-9_/-]+\.[a-z0-9]{1,5}")
_PIXELS = re.compile(r"[1-9][0-9]{0,4}")


def _player_attribute(element, attribute, value):
    """Return the value a player's attribute may keep, or None to remove it."""
    if (element, attribute) in PLAYER_ADDRESS_ATTRIBUTES:
        prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
        path = value.removeprefix(prefix)
        if path == value or not _PLAYER_FILE.fullmatch(path) or ".." in path:
            return None
        return value
    if attribute in {"width", "height"}:
        return value if _PIXELS.fullmatch(value) else None
    if attribute in {"controls", "default"}:
        return ""
    if attribute == "preload":
        return "metadata"
    if attribute == "kind":
        return value if value == "captions" else None
    if attribute == "srclang":
        return value if value == "en" else None
    if attribute == "label":
        return value[:50]
    return None


# Apps that keep parts of a body in step with their library register a function html -> html
# (audiovideo: a player plays the library's current captions). It gets sanitised markup, and what
# it returns is sanitised again, so it can never add anything the allow-list refuses.
_body_refreshers = []


def body_refresher_register(refresher):
    if refresher not in _body_refreshers:
        _body_refreshers.append(refresher)


def refresh_body(html):
    """Return html as the registered refreshers rewrite it (the checks read bodies this way)."""
    for refresher in list(_body_refreshers):
        html = refresher(html)
    return html


# Only these classes are kept: the paragraph of the document link the editor makes
# (documents/static/documents/editor-documents.js, issue 15).
ALLOWED_CLASSES = {"p": {"attachment"}}
# In-page links (footnotes, a list of contents) need their targets' ids. An id is kept only when a
# link in the same body points at it, only if it is a plain name, and always with this prefix
# (links to it follow), so that it never takes the name of an element of the page around the
# body: the skip link's target, a form's field, a script's hook.
ID_PREFIX = "body-"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,100}")
_ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_FRAGMENT_LINK = re.compile(r"""\shref\s*=\s*["']?#([^"'\s>]+)""", re.IGNORECASE)
_EMPTY_CLASS = re.compile(r'<p class="">')
_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
# Longer bodies (imported ones: WordPress posts of 20 MB exist) are cleaned a piece at a time,
# to keep memory in bounds (posts.pieces); the result is the same.
PIECE_LENGTH = 1_000_000


def sanitize_html(html):
    """Return html with everything outside the allow-list removed, and tidied (posts.tidy)."""
    if not html:
        return ""
    pieces = body_pieces(html, PIECE_LENGTH)
    first = next(pieces)
    if len(first) == len(html):
        return tidy_body(_clean_piece(html, None))
    # Links in one piece may point at an id in another: the ids kept are found in the whole.
    targets = _id_targets(html)
    cleaned = [_clean_piece(first, targets)]
    cleaned.extend(_clean_piece(piece, targets) for piece in pieces)
    return tidy_body("".join(cleaned))


def _clean_piece(html, targets):
    cleaned = _clean(html, targets)
    refreshed = refresh_body(cleaned)
    if refreshed != cleaned:
        cleaned = _clean(refreshed, targets)
    # nh3 leaves class="" where it removed every class: a paragraph goes back to plain <p>.
    return _EMPTY_CLASS.sub("<p>", cleaned)


def _id_targets(html):
    """Return the ids that are both in the body and linked to from it, as plain names."""
    linked = {name.removeprefix(ID_PREFIX) for name in _FRAGMENT_LINK.findall(html)}
    ids = {name.removeprefix(ID_PREFIX) for name in _ID_ATTRIBUTE.findall(html)}
    return {name for name in linked & ids if _ID.fullmatch(name)}


def _clean(html, targets=None):
    if targets is None:
        targets = _id_targets(html)

    def attribute_filter(element, attribute, value):
        if attribute == "id":
            name = value.removeprefix(ID_PREFIX)
            return ID_PREFIX + name if name in targets else None
        if attribute == "href" and value.startswith("#"):
            name = value[1:].removeprefix(ID_PREFIX)
            return f"#{ID_PREFIX}{name}" if name in targets else value
        return _attribute_filter(element, attribute, value)

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | PLAYER_TAGS,
        attributes={
            **ALLOWED_ATTRIBUTES,
            **PLAYER_ATTRIBUTES,
            "*": {"id"} if targets else set(),
        },
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attribute_filter=attribute_filter,
        set_tag_attribute_values=PLAYER_SET_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
    )


def _attribute_filter(element, attribute, value):
    # nh3 checks the schemes of src and href itself, but not of each address in a srcset.
    if attribute == "srcset" and not srcset_is_safe(value):
        return None
    if element in PLAYER_TAGS:
        return _player_attribute(element, attribute, value)
    if element == "iframe":
        if attribute == "src" and not embed_src_allowed(value):
            return None
        if attribute in {"width", "height"} and not _NUMBER.fullmatch(value):
            return None
        if attribute == "title":
            return " ".join(value.split())
    return value


def srcset_is_safe(srcset):
    """Return whether every candidate address in a srcset is relative, http or https."""
    for candidate in srcset.split(","):
        # The whole candidate, spaces removed: "java<tab>script:" must not pass as two words.
        address = _IGNORED_IN_URLS.sub("", candidate).lower()
        scheme = _SCHEME.match(address)
        if scheme and scheme.group(1) not in IMAGE_URL_SCHEMES:
            return False
    return True

"""Allow-list HTML sanitising for post bodies, shared by the admin, importer and fixtures."""

import nh3

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
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Elements dropped with everything inside them, not just their tags: code, styles, and the
# <xml> islands and conditional blocks that Word adds to what is copied out of it.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "xml",
    "template",
    "noscript",
    "iframe",
    "object",
    "title",
}


def sanitize_html(html):
    """Return html with everything outside the allow-list removed, and tidied (posts.tidy)."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags=DROPPED_WITH_CONTENT,
    )
    return tidy_body(cleaned)

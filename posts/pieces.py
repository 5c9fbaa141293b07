"""Cut a very long body into pieces that nh3 can clean one at a time, with the same result.

While it cleans, html5ever (under nh3) holds about 15 bytes for each byte of the body: 300 MB
for a 20 MB post imported from WordPress. body_pieces() cuts a body only where everything opened
before has been closed, in order, by the body's own end tags: there the HTML parser is back where
it starts, so cleaning the pieces one after another gives what cleaning the whole would. Where
that cannot be told for sure (a stray or missing end tag, a comment or tag written oddly, SVG...),
nothing after is cut: the rest is one piece, and cleaned as before.
"""

import re

# Elements with no end tag.
VOID = frozenset(
    {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img"}
    | {"input", "keygen", "link", "meta", "param", "source", "track", "wbr"}
)
# Read as text up to their end tag.
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe"})
# Elements that change how the rest is read (another document, foreign content, templates, text
# read differently with scripting on or off): after one, nothing is cut.
UNSURE = frozenset(
    {"html", "head", "body", "frameset", "frame", "plaintext", "svg", "math", "template"}
    | {"image", "noscript", "noembed", "noframes", "select"}
)
# Inside a table, only the table's own elements are read in place: anything else is moved out
# of it, and the rows and cells that follow close what was opened there. So each of these may
# only be where a table puts it, and a table may hold only them (and spaces between).
TABLE_PARENTS = {
    "caption": {"table"},
    "colgroup": {"table"},
    "col": {"table", "colgroup"},
    "thead": {"table"},
    "tbody": {"table"},
    "tfoot": {"table"},
    "tr": {"table", "thead", "tbody", "tfoot"},
    "td": {"tr"},
    "th": {"tr"},
}
TABLE_SECTIONS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "colgroup"})
SPACES = " \t\n\r\f"
_ATTRIBUTES = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
_MARKUP = re.compile(
    rf"<(/?)([a-zA-Z][a-zA-Z0-9]*){_ATTRIBUTES}\s*/?>"
    # A comment, as long as it ends the plain way.
    r"|<!--(?![->])((?:(?!--!?>).)*?)-->"
    # Anything else a browser would not read as text ("<!doctype", "</ >", a broken tag).
    r"|<(?=[a-zA-Z/!?])",
    re.DOTALL,
)


def body_pieces(html, length):
    """Yield html in pieces of at least length characters, cut where cleaning may restart."""
    if len(html) <= length:
        yield html
        return
    open_elements = []
    start = position = 0
    while True:
        markup = _MARKUP.search(html, position)
        if markup is None:
            break
        parent = open_elements[-1] if open_elements else None
        if parent in TABLE_SECTIONS and html[position : markup.start()].strip(SPACES):
            break
        position = markup.end()
        closing, name, comment = markup.group(1), markup.group(2), markup.group(3)
        if name is None:
            if comment is None:
                break
            continue
        name = name.lower()
        if not closing and (
            (name in TABLE_PARENTS and parent not in TABLE_PARENTS[name])
            or (parent in TABLE_SECTIONS and name not in TABLE_PARENTS)
        ):
            break
        if closing:
            if not open_elements or open_elements[-1] != name:
                break
            open_elements.pop()
            if not open_elements and position - start >= length:
                yield html[start:position]
                start = position
        elif name in UNSURE:
            break
        elif name in RAW_TEXT:
            # Where the parser ends it, which must be a plain end tag.
            end = re.compile(rf"</{name}(?=[\s/>])(\s*>)?", re.IGNORECASE).search(html, position)
            if end is None or end.group(1) is None:
                break
            position = end.end()
        elif name not in VOID:
            open_elements.append(name)
    yield html[start:]

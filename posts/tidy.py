"""Repairs to sanitised body HTML that screen readers and the HTML standard need.

Bodies come from the admin's editor, from Word and from years of WordPress posts; some markup
passes the sanitiser's allow-list yet reads badly with a screen reader or is invalid HTML:
placeholder links, links with nothing to announce, captions read twice, empty header cells or
definition lists, headings that skip levels, typed double spaces saved as non-breaking ones.
tidy_body() repairs those after nh3 has cleaned the body, so it only ever sees well-formed HTML
made of the allowed elements.
"""

import html
import re
from html.parser import HTMLParser

from posts.embeds import IFRAME_KEPT, IFRAME_SET

# The empty elements among those the sanitiser allows.
VOID_ELEMENTS = {"br", "hr", "img", "track"}
HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
# Under a post's title (h1 on its page, h2 in lists), its own headings start at h2.
TOP_BODY_HEADING = 2
# Elements whose spaces are shown exactly as written.
PREFORMATTED = {"pre", "code", "kbd"}
# A run of two or more spaces with at least one non-breaking space in it, as the character or as
# a reference: what a browser's editor saves when someone types several spaces in a row.
_SPACE = r"(?: |\xa0|&nbsp;|&#160;|&#[xX]0*[aA]0;)"
_NON_BREAKING = r"(?:\xa0|&nbsp;|&#160;|&#[xX]0*[aA]0;)"
TYPED_SPACES = re.compile(rf"(?={_SPACE}*{_NON_BREAKING}){_SPACE}{{2,}}")


class Element:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag, attrs=None):
        self.tag = tag
        self.attrs = dict(attrs or {})
        self.children = []

    def elements(self):
        return [child for child in self.children if isinstance(child, Element)]


class _TreeBuilder(HTMLParser):
    """Build a tree of Elements; text and character references are kept exactly as written."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.root = Element("")
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, ((name, value or "") for name, value in attrs))
        self.open[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.pop()

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or all(element.tag != tag for element in self.open[1:]):
            return
        while self.open.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.open[-1].children.append(data)

    def handle_entityref(self, name):
        self.open[-1].children.append(f"&{name};")

    def handle_charref(self, name):
        self.open[-1].children.append(f"&#{name};")


def _parse(body):
    builder = _TreeBuilder()
    builder.feed(body)
    builder.close()
    return builder.root


def _attribute(value):
    # Escaped as the sanitiser (html5ever) escapes attribute values, so output stays the same.
    for character, reference in [
        ("&", "&amp;"),
        ("\xa0", "&nbsp;"),
        ('"', "&quot;"),
        ("<", "&lt;"),
        (">", "&gt;"),
    ]:
        value = value.replace(character, reference)
    return value


def _serialise(node):
    if isinstance(node, str):
        return node
    inner = "".join(_serialise(child) for child in node.children)
    if not node.tag:
        return inner
    attrs = "".join(f' {name}="{_attribute(value)}"' for name, value in node.attrs.items())
    if node.tag in VOID_ELEMENTS:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def _text(node):
    """Return what a screen reader would read of the node: its text and its images' alt text."""
    if isinstance(node, str):
        return html.unescape(node)
    if node.tag == "img":
        return f" {node.attrs.get('alt', '')} "
    return "".join(_text(child) for child in node.children)


def _said(node):
    return " ".join(_text(node).split()).casefold()


def _walk(node):
    """Yield every element under node, parents before their children, in document order."""
    for child in node.elements():
        yield child
        yield from _walk(child)


def _rebuild(node, change):
    """Replace each child element by what change returns for it: a list of nodes."""
    children = []
    for child in node.children:
        if isinstance(child, Element):
            _rebuild(child, change)
            children.extend(change(child))
        else:
            children.append(child)
    node.children = children


def _drop_meaningless(element):
    # A link with nowhere to go, or with nothing to announce, is only confusing: keep its content.
    if element.tag == "a" and (not element.attrs.get("href") or not _said(element)):
        return element.children
    # An embedded player whose address the sanitiser removed shows nothing: it goes. A kept one
    # shows its host's page, never what was written inside it.
    if element.tag == "iframe":
        if not element.attrs.get("src"):
            return []
        element.children = []
        kept = {name: element.attrs[name] for name in IFRAME_KEPT if name in element.attrs}
        element.attrs = {**kept, **IFRAME_SET}
    # Empty terms and descriptions, and lists left without any, are invalid HTML.
    if element.tag in {"dt", "dd"} and not _said(element):
        return []
    if element.tag == "dl" and not element.elements():
        return []
    # An empty header cell labels nothing: it is an ordinary cell.
    if element.tag == "th" and not _said(element):
        element.tag = "td"
        element.attrs.pop("scope", None)
    return [element]


def _quiet_repeated_alt_text(root):
    # A caption that repeats the photo's alt text would be read twice; the caption is enough.
    for figure in (element for element in _walk(root) if element.tag == "figure"):
        captions = [child for child in figure.elements() if child.tag == "figcaption"]
        if not captions:
            continue
        caption = _said(captions[0])
        for image in _images_of(figure):
            if image.attrs.get("alt") and _said(image) == caption:
                image.attrs["alt"] = ""


def _images_of(figure):
    # Not those in links or nested figures: a linked photo's alt text names where it leads.
    for child in figure.elements():
        if child.tag == "img":
            yield child
        elif child.tag not in {"a", "figure", "figcaption"}:
            yield from _images_of(child)


def _renumber_headings(root):
    # Screen-reader users move by heading level: the body's headings start just under the
    # title and never skip a level on the way down.
    headings = [element for element in _walk(root) if element.tag in HEADING_LEVELS]
    if not headings:
        return
    shift = TOP_BODY_HEADING - min(HEADING_LEVELS[heading.tag] for heading in headings)
    previous = TOP_BODY_HEADING - 1
    for heading in headings:
        level = min(HEADING_LEVELS[heading.tag] + shift, previous + 1, 6)
        heading.tag = f"h{level}"
        previous = level


def _plain_typed_spaces(node):
    # Browsers save a second space typed in a row as a non-breaking one, so double spaces after
    # full stops would become "&nbsp;" in the body. A single non-breaking space between two
    # words is left alone: writers use it on purpose ("10&nbsp;km").
    if node.tag in PREFORMATTED:
        return
    children = []
    for child in node.children:
        if isinstance(child, str) and children and isinstance(children[-1], str):
            children[-1] += child
        else:
            children.append(child)
    node.children = [
        TYPED_SPACES.sub(" ", child) if isinstance(child, str) else child for child in children
    ]
    for child in node.elements():
        _plain_typed_spaces(child)


def tidy_body(body):
    """Return sanitised body HTML with the repairs above made; unchanged if none is needed."""
    if not body:
        return body
    root = _parse(body)
    _rebuild(root, _drop_meaningless)
    _quiet_repeated_alt_text(root)
    _renumber_headings(root)
    _plain_typed_spaces(root)
    return _serialise(root)

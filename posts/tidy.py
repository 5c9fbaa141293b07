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


def _quiet_repeated_alt_text(figure):
    # A caption that repeats the photo's alt text would be read twice; the caption is enough.
    captions = [child for child in figure.elements() if child.tag == "figcaption"]
    if not captions:
        return
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


def _renumber_headings(headings):
    # Screen-reader users move by heading level: the body's headings start just under the
    # title and never skip a level on the way down.
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


class _Tidied:
    """The repaired body, built one top-level element at a time so that no whole tree is kept.

    Each element under the root is repaired as soon as it is closed and written out, unless it
    holds a heading: headings are renumbered across the whole body, so those elements wait until
    the end. Text between them is joined first, as _plain_typed_spaces joins it.
    """

    def __init__(self):
        self.pieces = []
        self.text = []
        self.headings = []

    def add(self, nodes):
        for node in nodes:
            if isinstance(node, str):
                self.text.append(node)
                continue
            _rebuild(node, _drop_meaningless)
            for kept in _drop_meaningless(node):
                if isinstance(kept, str):
                    self.text.append(kept)
                else:
                    self._add_element(kept)

    def _add_element(self, element):
        self._flush_text()
        headings = []
        for descendant in (element, *_walk(element)):
            if descendant.tag == "figure":
                _quiet_repeated_alt_text(descendant)
            elif descendant.tag in HEADING_LEVELS:
                headings.append(descendant)
        _plain_typed_spaces(element)
        self.headings.extend(headings)
        self.pieces.append(element if headings else _serialise(element))

    def _flush_text(self):
        if self.text:
            self.pieces.append(TYPED_SPACES.sub(" ", "".join(self.text)))
            self.text = []

    def html(self):
        self._flush_text()
        _renumber_headings(self.headings)
        return "".join(
            piece if isinstance(piece, str) else _serialise(piece) for piece in self.pieces
        )


# nh3 writes HTML one way: lower-case names, each attribute as name="value" after one space, no
# comments, "<" and "&" in text always escaped. _tidy_nh3_output reads only that, several times
# faster than HTMLParser and a top-level element at a time (a 20 MB post has a million tags);
# anything else makes it give up, and HTMLParser reads the body as before.
_TOKEN = re.compile(
    r'<([a-z][a-z0-9]*)((?: [a-z][a-z0-9_.:-]*="[^"]*")*)>|</([a-z][a-z0-9]*)>|([^<]+)|<'
)
_ATTRIBUTE = re.compile(r' ([^=]+)="([^"]*)"')
# An ampersand HTMLParser would read differently from how it is written (it adds a missing ";").
_LOOSE_AMPERSAND = re.compile(r"&(?![a-zA-Z][-.a-zA-Z0-9]*;|#[0-9]+;|#[xX][0-9a-fA-F]+;)")
# HTMLParser reads what is inside these as text.
_RAW_TEXT = {"script", "style"}


def _attributes(written):
    return {
        name: html.unescape(value) if "&" in value else value
        for name, value in _ATTRIBUTE.findall(written)
    }


def _tidy_nh3_output(body):
    """Return the repaired body, or None if it is not written as nh3 writes HTML."""
    tidied = _Tidied()
    root = Element("")
    open_elements = [root]
    for token in _TOKEN.finditer(body):
        start, attrs, end, text = token.groups()
        if text:
            if "&" in text and _LOOSE_AMPERSAND.search(text):
                return None
            open_elements[-1].children.append(text)
        elif start:
            if start in _RAW_TEXT:
                return None
            element = Element(start)
            if attrs:
                element.attrs = _attributes(attrs)
            open_elements[-1].children.append(element)
            if start not in VOID_ELEMENTS:
                open_elements.append(element)
        elif end:
            # As _TreeBuilder.handle_endtag: an end tag with no open element of its name is
            # ignored; otherwise it closes every element opened after that one.
            if end in VOID_ELEMENTS or all(open.tag != end for open in open_elements[1:]):
                continue
            while open_elements.pop().tag != end:
                pass
        else:
            return None
        if len(open_elements) == 1 and root.children:
            tidied.add(root.children)
            root.children = []
    tidied.add(root.children)
    return tidied.html()


def tidy_body(body):
    """Return sanitised body HTML with the repairs above made; unchanged if none is needed."""
    if not body:
        return body
    tidied = _tidy_nh3_output(body)
    if tidied is not None:
        return tidied
    tidied = _Tidied()
    tidied.add(_parse(body).children)
    return tidied.html()

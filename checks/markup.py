"""Read a post's body HTML into a small tree the checks walk: elements, their text, their order."""

from html.parser import HTMLParser

VOID = {
    "area",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Text in these elements is not read as sentences of the post.
NOT_PROSE = {"pre", "code", "kbd", "script", "style"}
# Elements that end a run of text: a sentence never runs across them.
BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "td",
    "th",
    "caption",
    "figcaption",
    "dt",
    "dd",
    "summary",
    "details",
    "div",
    "section",
    "pre",
    "br",
    "hr",
    "table",
    "tr",
    "ul",
    "ol",
    "figure",
}


class Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag, attrs=None, parent=None):
        self.tag = tag
        self.attrs = dict(attrs or {})
        self.children = []
        self.parent = parent

    def elements(self):
        return [child for child in self.children if isinstance(child, Node)]

    def walk(self):
        """Yield every element under this one, in document order."""
        for child in self.elements():
            yield child
            yield from child.walk()

    def find_all(self, *tags):
        return [node for node in self.walk() if node.tag in tags]

    def text(self):
        """What a screen reader reads: the text, with images' alt text, on one line."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "img":
                parts.append(f" {child.attrs.get('alt') or ''} ")
            elif child.tag in BLOCKS:
                parts.append(f" {child.text()} ")
            else:
                parts.append(child.text())
        return " ".join("".join(parts).split())

    def ancestor(self, *tags):
        node = self.parent
        while node is not None:
            if node.tag in tags:
                return node
            node = node.parent
        return None

    def next_siblings(self):
        if self.parent is None:
            return []
        siblings = self.parent.elements()
        return siblings[siblings.index(self) + 1 :]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("")
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, ((name, value or "") for name, value in attrs), self.open[-1])
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        if tag in VOID or all(node.tag != tag for node in self.open[1:]):
            return
        while self.open.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse(body):
    builder = _Builder()
    builder.feed(body or "")
    builder.close()
    return builder.root


def text_blocks(root):
    """Return the post's prose as a list of paragraphs' text (headings and list items included)."""
    blocks, current = [], []

    def flush():
        text = " ".join("".join(current).split())
        if text:
            blocks.append(text)
        current.clear()

    def visit(node):
        for child in node.children:
            if isinstance(child, str):
                current.append(child)
            elif child.tag in NOT_PROSE:
                flush()
            elif child.tag in BLOCKS:
                flush()
                visit(child)
                flush()
            elif child.tag != "img":
                visit(child)

    visit(root)
    flush()
    return blocks

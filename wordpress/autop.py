"""Turn text written in WordPress's classic editor into the HTML WordPress shows for it.

The classic editor stores what the author typed: a blank line separates paragraphs, a single line
break is a line break, and HTML written by hand is kept. WordPress adds the <p> and <br> tags
only when it displays the post. Rules, as observed from WordPress's output:

- text separated by blank lines becomes paragraphs;
- a single line break inside a paragraph becomes <br>, unless a <br> is already there;
- block elements (lists, tables, headings, blockquotes, figures...) are never wrapped in <p>;
  text directly inside a blockquote is wrapped, text inside a list item, cell, heading or
  caption is not, and text inside a div or section is wrapped only if blank lines set it apart;
- <pre> keeps its line breaks as they are; HTML comments are dropped.
"""

import io
import re
import secrets

BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "caption", "col", "colgroup", "dd"),
        *("details", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main"),
        *("menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td"),
        *("tfoot", "th", "thead", "tr", "ul"),
    }
)
VOID_BLOCK_TAGS = frozenset({"hr", "col"})
# Inside these, WordPress wraps loose text in paragraphs when blank lines set it apart.
PARAGRAPH_CONTAINERS = frozenset(
    {"article", "aside", "details", "div", "fieldset", "footer", "form", "header", "main"}
    | {"nav", "section"}
)
# Inside these, it always does (a quotation's text is a paragraph even without blank lines).
ALWAYS_PARAGRAPHS = frozenset({"blockquote"})
# Their contents are copied untouched.
RAW_TAGS = ("pre", "script", "style", "textarea")

BLOCK_NAMES = "|".join(sorted(BLOCK_TAGS))
BLOCK_TAG = re.compile(rf"</?({BLOCK_NAMES})\b[^>]*>", re.IGNORECASE)
BLOCK_TAG_SPLIT = re.compile(rf"(</?(?:{BLOCK_NAMES})\b[^>]*>)", re.IGNORECASE)
RAW = re.compile(rf"<({'|'.join(RAW_TAGS)})\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
BLANK_LINE = re.compile(r"\n[ \t]*\n")
TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
DOUBLE_BR = re.compile(r"(<br\s*/?>)\s*<br>\n", re.IGNORECASE)
# A made-up void block tag stands in for a <pre> (or script, style...) while the rest is formatted;
# a token drawn for each call means text cannot name one.
PLACEHOLDER = '<hr data-autop-raw="{}-{}">'


def is_block_editor_content(text):
    """Tell whether the text was written in the block editor, which stores finished HTML."""
    return "<!-- wp:" in text


def autop(text):
    """Return text with paragraphs and line breaks as WordPress would display them."""
    if not text or not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_blocks = []
    token = secrets.token_hex(8)

    def keep(match):
        raw_blocks.append(match.group(0))
        return PLACEHOLDER.format(token, len(raw_blocks) - 1)

    text = RAW.sub(keep, text)
    text = COMMENT.sub("", text)
    # A placeholder is never cut in two: it is a block tag, or inside one. Each is put back
    # in the piece that holds it, once (a replace over the whole text per block is quadratic).
    placeholder = re.compile(re.escape(PLACEHOLDER.format(token, "")[:-2]) + r'(\d+)">')

    def put_back(match):
        return raw_blocks[int(match.group(1))]

    # Written piece by piece: a list of the pieces of a 20 MB post would take 150 MB.
    out = io.StringIO()
    for piece in _format(text):
        out.write(placeholder.sub(put_back, piece) if token in piece else piece)
    html = out.getvalue()
    del out
    return html.strip() + "\n"


def _format(text):
    """Yield the HTML for text: block tags as they are, the text between them formatted."""
    open_blocks = []
    for number, piece in enumerate(_split_at_block_tags(text)):
        if number % 2:
            # A newline after closing tags keeps the HTML readable; none after opening tags
            # keeps "<li>text</li>" on one line.
            name = BLOCK_TAG.match(piece).group(1).lower()
            ends = piece.startswith("</") or piece.endswith("/>") or name in VOID_BLOCK_TAGS
            yield piece + ("\n" if ends else "")
            _track(open_blocks, piece, name)
            continue
        parent = open_blocks[-1] if open_blocks else None
        parts = BLANK_LINE.split(piece)
        for index, part in enumerate(parts):
            if not part.strip():
                continue
            body = _line_breaks(part.strip())
            # "Set apart" means the author left blank lines on both sides of this text.
            set_apart = 0 < index < len(parts) - 1
            wrap = parent is None or parent in ALWAYS_PARAGRAPHS
            if wrap or (parent in PARAGRAPH_CONTAINERS and set_apart):
                yield f"<p>{body}</p>\n"
            else:
                yield body


def _split_at_block_tags(text):
    """Yield what BLOCK_TAG_SPLIT.split(text) returns, one piece at a time."""
    position = 0
    for match in BLOCK_TAG.finditer(text):
        yield text[position : match.start()]
        yield match.group(0)
        position = match.end()
    yield text[position:]


def _track(open_blocks, tag_text, name):
    """Keep the stack of open block elements in step with one block tag."""
    if tag_text.startswith("</"):
        if name in open_blocks:
            while open_blocks and open_blocks.pop() != name:
                pass
    elif name not in VOID_BLOCK_TAGS and not tag_text.endswith("/>"):
        open_blocks.append(name)


def _line_breaks(chunk):
    """Turn the single line breaks of a chunk's text into <br>, leaving those inside tags alone."""
    # Most chunks are one line, or hold no tag: the quick answers keep long posts quick.
    if "\n" not in chunk:
        return chunk
    if "<" not in chunk:
        return NEWLINE.sub("<br>\n", chunk)
    parts = TAG_OR_TEXT.split(chunk)
    html = "".join(
        part if number % 2 else NEWLINE.sub("<br>\n", part) for number, part in enumerate(parts)
    )
    # A line that already ends with a <br> written by the author gets no second one.
    return DOUBLE_BR.sub(r"\1\n", html)

"""Read a WordPress export (WXR 1.0, 1.1 or 1.2) as a stream of plain records.

The reader never holds more than one <item> in memory: the file is read in small chunks, each
record is built when its element ends, then the element is removed from the tree. It knows
nothing about Django.
"""

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

# WordPress has written its namespaces with http:// for years; some exports (WordPress.com,
# newer versions) use https://. Both, and the three format versions, are the same format.
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(1\.\d+)/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
KNOWN_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
NO_DATE = "0000-00-00 00:00:00"


class WXRError(Exception):
    """The file cannot be read as a WordPress export; the message says why, in one line."""


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    description: str = ""
    generator: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: int | None = None


@dataclass
class Term:
    """A category, tag or other taxonomy term declared at the top of the export."""

    taxonomy: str
    slug: str
    name: str
    term_id: int | None = None
    parent_slug: str = ""
    description: str = ""


@dataclass
class ItemTerm:
    """A term attached to an item: <category domain="post_tag" nicename="slug">Name</category>."""

    taxonomy: str
    slug: str
    name: str


@dataclass
class Comment:
    wp_id: int
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    date: datetime | None = None
    date_gmt: datetime | None = None
    content: str = ""
    approved: str = ""
    comment_type: str = ""
    parent_id: int = 0
    user_id: int = 0
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Item:
    """A post, page, attachment, menu item or any other WordPress post type."""

    wp_id: int
    post_type: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: datetime | None = None
    date_gmt: datetime | None = None
    comment_status: str = ""
    ping_status: str = ""
    slug: str = ""
    status: str = ""
    parent_id: int = 0
    menu_order: int = 0
    password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    terms: list[ItemTerm] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


def parse_wp_date(value):
    """Return a naive datetime for a WordPress date, or None for the "no date" zeros."""
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    return None


def _int(value):
    try:
        return int((value or "").strip())
    except ValueError:
        return 0


@functools.lru_cache(maxsize=256)
def _short_name(tag):
    """Turn '{namespace}local' into 'wp:local', 'content:encoded' and so on."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    if WP_NAMESPACE.match(namespace):
        return f"wp:{local}"
    if EXCERPT_NAMESPACE.match(namespace):
        return f"excerpt:{local}"
    prefix = KNOWN_NAMESPACES.get(namespace)
    return f"{prefix}:{local}" if prefix else tag


def _texts(element):
    """Map each direct child's short name to its text (the first wins for repeated names)."""
    values = {}
    for child in element:
        values.setdefault(_short_name(child.tag), child.text or "")
    return values


def _author(element):
    values = _texts(element)
    wp_id = values.get("wp:author_id", "").strip()
    return Author(
        login=values.get("wp:author_login", "").strip(),
        email=values.get("wp:author_email", "").strip(),
        display_name=values.get("wp:author_display_name", "").strip(),
        first_name=values.get("wp:author_first_name", "").strip(),
        last_name=values.get("wp:author_last_name", "").strip(),
        wp_id=int(wp_id) if wp_id.isdigit() else None,
    )


def _term(element, kind):
    values = _texts(element)
    term_id = values.get("wp:term_id", "").strip()
    if kind == "category":
        taxonomy, slug, name = "category", "wp:category_nicename", "wp:cat_name"
        parent, description = "wp:category_parent", "wp:category_description"
    elif kind == "tag":
        taxonomy, slug, name = "post_tag", "wp:tag_slug", "wp:tag_name"
        parent, description = "", "wp:tag_description"
    else:
        taxonomy = values.get("wp:term_taxonomy", "").strip()
        slug, name = "wp:term_slug", "wp:term_name"
        parent, description = "wp:term_parent", "wp:term_description"
    return Term(
        taxonomy=taxonomy,
        slug=values.get(slug, "").strip(),
        name=values.get(name, "").strip(),
        term_id=int(term_id) if term_id.isdigit() else None,
        parent_slug=values.get(parent, "").strip() if parent else "",
        description=values.get(description, "").strip(),
    )


def _meta(element):
    values = _texts(element)
    return values.get("wp:meta_key", ""), values.get("wp:meta_value", "")


def _comment(element):
    values = _texts(element)
    meta = dict(_meta(child) for child in element if _short_name(child.tag) == "wp:commentmeta")
    return Comment(
        wp_id=_int(values.get("wp:comment_id")),
        author_name=values.get("wp:comment_author", "").strip(),
        author_email=values.get("wp:comment_author_email", "").strip(),
        author_url=values.get("wp:comment_author_url", "").strip(),
        date=parse_wp_date(values.get("wp:comment_date")),
        date_gmt=parse_wp_date(values.get("wp:comment_date_gmt")),
        content=values.get("wp:comment_content", ""),
        approved=values.get("wp:comment_approved", "").strip(),
        comment_type=values.get("wp:comment_type", "").strip(),
        parent_id=_int(values.get("wp:comment_parent")),
        user_id=_int(values.get("wp:comment_user_id")),
        meta=meta,
    )


def _item(element):
    values = _texts(element)
    item = Item(
        wp_id=_int(values.get("wp:post_id")),
        post_type=values.get("wp:post_type", "").strip(),
        title=values.get("title", ""),
        link=values.get("link", "").strip(),
        guid=values.get("guid", "").strip(),
        creator=values.get("dc:creator", "").strip(),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        date=parse_wp_date(values.get("wp:post_date")),
        date_gmt=parse_wp_date(values.get("wp:post_date_gmt")),
        comment_status=values.get("wp:comment_status", "").strip(),
        ping_status=values.get("wp:ping_status", "").strip(),
        slug=values.get("wp:post_name", "").strip(),
        status=values.get("wp:status", "").strip(),
        parent_id=_int(values.get("wp:post_parent")),
        menu_order=_int(values.get("wp:menu_order")),
        password=values.get("wp:post_password", ""),
        is_sticky=values.get("wp:is_sticky", "").strip() == "1",
        attachment_url=values.get("wp:attachment_url", "").strip(),
    )
    for child in element:
        name = _short_name(child.tag)
        if name == "category":
            item.terms.append(
                ItemTerm(
                    taxonomy=child.get("domain", "category"),
                    slug=child.get("nicename", ""),
                    name=(child.text or "").strip(),
                )
            )
        elif name == "wp:postmeta":
            key, value = _meta(child)
            item.meta.setdefault(key, value)
        elif name == "wp:comment":
            item.comments.append(_comment(child))
    return item


CHANNEL_FIELDS = {
    "title": "title",
    "link": "link",
    "description": "description",
    "generator": "generator",
    "wp:wxr_version": "wxr_version",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}
CHANNEL_TERMS = {"wp:category": "category", "wp:tag": "tag", "wp:term": "term"}
# WordPress writes <wp:author>; some plugins and hand-edited exports write <wp:wp_author>.
CHANNEL_AUTHORS = {"wp:author", "wp:wp_author"}


# --- Reading: strictly, or repairing what WordPress's own importer tolerates --------------------

CHUNK = 1 << 16
XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
CONTROL = rb"[\x00-\x08\x0b\x0c\x0e-\x1f]"
CONTROL_CHARACTER = re.compile(CONTROL)
# What may need a repair outside CDATA sections. Ordinary tags and XML's own entities do not
# match, so the scan runs in the regex engine over all but the rare places worth a look; control
# characters are looked for only in the chunks that have any.
_TEXT = (
    rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,8}|#x[0-9a-fA-F]{1,8});)"
    rb"|<(?:!|(?![A-Za-z_:/?\x80-\xff]))|\]\]>"
)
TEXT_SPECIAL = re.compile(_TEXT)
TEXT_SPECIAL_OR_CONTROL = re.compile(_TEXT + rb"|" + CONTROL)
ENTITY = re.compile(rb"&(?:#[0-9]{1,8};|#x[0-9a-fA-F]{1,8};|([A-Za-z_:][\w.:-]{0,40});)")
# A declaration that has not ended within this many bytes is not one: the parser says so.
LONGEST_DECLARATION = 1 << 20
SPACE = b" \t\r\n"
BYTE_ORDER_MARK_AND_SPACE = b"\xef\xbb\xbf" + SPACE


class Utf8Repair:
    """Hand on a UTF-8 export's bytes with each invalid sequence replaced by U+FFFD, reported.

    A post pasted from an old page in Latin-1 can leave bytes that are not UTF-8 ("Caf\\xe9").
    The XML parser refuses the whole file for one; WordPress's importer reads on. Each sequence
    becomes the replacement character, as browsers show it, and on_repair(line, kind, detail)
    names its line and bytes: nothing is guessed (the byte may have meant "é", or not). A file
    that declares another encoding, or starts with a UTF-16 byte order mark, passes unchanged.
    """

    KIND = "invalid UTF-8 replaced by U+FFFD"

    def __init__(self, raw, on_repair):
        self.raw = raw
        self.on_repair = on_repair
        self.pending = b""  # an unfinished sequence at the end of the last piece read
        self.line = 1  # the line the next byte handed on is on
        self.is_utf8 = None

    def read(self, size=-1):
        while True:
            chunk = self.raw.read(size if size and size > 0 else CHUNK)
            data, self.pending = self.pending + chunk, b""
            if self.is_utf8 is None:
                self.is_utf8 = _declares_utf8(data)
            if not self.is_utf8:
                return data
            if chunk and (unfinished := _unfinished_tail(data)):
                # Perhaps finished by the next piece read.
                data, self.pending = data[:-unfinished], data[-unfinished:]
            out = self._repaired(data)
            if out or not chunk:
                self.line += out.count(b"\n")
                return out

    def _repaired(self, data):
        text = data.decode("utf-8", "surrogateescape")
        if not ESCAPED_BYTES.search(text):
            return data
        line, counted = self.line, 0
        for found in ESCAPED_BYTES.finditer(text):
            line += text.count("\n", counted, found.start())
            counted = found.start()
            written = found.group().encode("utf-8", "surrogateescape")
            self.on_repair(line, self.KIND, " ".join(f"0x{byte:02X}" for byte in written))
        return ESCAPED_BYTES.sub("\ufffd", text).encode("utf-8")


# What decoding with "surrogateescape" makes of bytes that are not UTF-8: one character a byte.
ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def _unfinished_tail(data):
    """Return how many bytes at the end of data start a UTF-8 sequence they do not finish."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 != 0x80:  # not a continuation byte: the sequence starts here
            needed = 2 if 0xC0 <= byte < 0xE0 else 3 if 0xE0 <= byte < 0xF0 else 4
            return back if 0xC0 <= byte < 0xF8 and needed > back else 0
    return 0


XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


def _declares_utf8(start):
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    declared = XML_ENCODING.match(start.removeprefix(b"\xef\xbb\xbf"))
    return declared is None or declared.group(1).lower() in {b"utf-8", b"utf8"}


class ExportStream:
    """Hand an export's bytes to the XML parser, repairing them if asked; never hold the file.

    WordPress's importer falls back to a lenient reader when an export is not well-formed XML.
    With repair=True the faults real exports have are repaired one by one, each named with its
    line through on_repair(line, kind, detail): control characters (Word pastes them; WordPress's
    exporter keeps them) are removed; a bare "&", an HTML entity XML does not define, and a "<"
    that starts no tag are kept as text; a "]]>" inside a CDATA section that is followed by text
    rather than markup is kept as text (the exporter does not escape it). Undeclared namespace
    prefixes are left to the parser's recover mode. With repair=False the bytes pass unchanged.

    Either way a DOCTYPE that declares entities or names an outside DTD is refused: WordPress
    never writes one, and it is how XML files read local files (XXE) or expand a few bytes into
    gigabytes (billion laughs).
    """

    def __init__(self, raw, *, repair, on_repair):
        self.raw = raw
        self.repair = repair
        self.on_repair = on_repair
        self.buffer = b""
        self.position = 0
        self.lines_before = 1  # the line the buffer starts on
        self.eof = False
        self.need_more = False
        self.started = False
        self.in_cdata = False
        self.in_comment = False
        self.has_control = False
        self.last_line = None

    def read(self, size=-1):
        wanted = size if size and size > 0 else CHUNK
        out, produced = [], 0
        while produced < wanted:
            if self.need_more or self.position >= len(self.buffer):
                if self.eof:
                    if self.position >= len(self.buffer):
                        if not self.started:
                            raise WXRError("The file is empty.")
                        self._at_end()
                        break
                    self.need_more = False
                else:
                    self._fill()
                    continue
            if not self.started and not self._start():
                continue
            piece = b"".join(self._step())
            produced += len(piece)
            out.append(piece)
        return b"".join(out)

    def _fill(self):
        chunk = self.raw.read(CHUNK)
        self.lines_before += self.buffer.count(b"\n", 0, self.position)
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        self.need_more = False
        self.eof = not chunk
        if self.eof:
            self.last_line = self.line(len(self.buffer))
        self.has_control = len(self.buffer.translate(None, CONTROL_BYTES)) < len(self.buffer)

    def _start(self):
        rest = self.buffer[self.position :].lstrip(BYTE_ORDER_MARK_AND_SPACE)
        if not rest:
            if self.eof:
                raise WXRError("The file is empty.")
            self.position = len(self.buffer)
            return False
        if not rest.startswith(b"<"):
            raise WXRError(
                "This is not an XML file (it does not start with a tag: line "
                f"{self.line(len(self.buffer) - len(rest))})."
            )
        self.started = True
        return True

    def line(self, index):
        return self.lines_before + self.buffer.count(b"\n", 0, index)

    def _wait(self):
        """Ask for more bytes before deciding; at the end of the file, decide with what there is."""
        if self.eof:
            return False
        self.need_more = True
        return True

    def _report(self, index, kind, detail=""):
        self.on_repair(self.line(index), kind, detail)

    def _step(self):
        """Yield the bytes of as much of the buffer as can be decided now."""
        buffer = self.buffer
        while self.position < len(buffer) and not self.need_more:
            if self.in_cdata:
                yield from self._cdata(buffer)
            elif self.in_comment:
                yield from self._comment(buffer)
            else:
                yield from self._text(buffer)

    def _comment(self, buffer):
        found = buffer.find(b"-->", self.position)
        if found < 0:
            keep = len(buffer) if self.eof else max(self.position, len(buffer) - 2)
            yield buffer[self.position : keep]
            self.position = keep
            self._wait()
            return
        yield buffer[self.position : found + 3]
        self.position = found + 3
        self.in_comment = False

    def _cdata(self, buffer):
        start = buffer.find(b"]]>", self.position)
        if self.has_control:
            control = CONTROL_CHARACTER.search(buffer, self.position, start if start >= 0 else None)
            if control is not None:
                yield buffer[self.position : control.start()]
                yield from self._control(buffer, control.start())
                return
        if start < 0:
            keep = len(buffer) if self.eof else max(self.position, len(buffer) - 2)
            yield buffer[self.position : keep]
            self.position = keep
            self._wait()
            return
        yield buffer[self.position : start]
        self.position = start
        after = start + 3
        while after < len(buffer) and buffer[after] in SPACE:
            after += 1
        if after == len(buffer) and self._wait():
            return
        self.position = start + 3
        if not self.repair or after == len(buffer) or buffer[after] == ord("<"):
            self.in_cdata = False
            yield b"]]>"
        else:
            self._report(start, "“]]>” inside a CDATA section kept as text")
            yield b"]]]]><![CDATA[>"

    def _control(self, buffer, index):
        self.position = index + 1
        if self.repair:
            self._report(index, "control character removed", f"U+{buffer[index]:04X}")
        else:
            yield buffer[index : index + 1]

    def _text(self, buffer):
        special = TEXT_SPECIAL_OR_CONTROL if self.has_control else TEXT_SPECIAL
        match = special.search(buffer, self.position)
        if match is None:
            # A "<", "&" or "]]" at the very end may start something the next bytes finish.
            keep = len(buffer) if self.eof else max(self.position, len(buffer) - 2)
            yield buffer[self.position : keep]
            self.position = keep
            if keep < len(buffer):
                self._wait()
            return
        start = match.start()
        yield buffer[self.position : start]
        self.position = start
        char = buffer[start : start + 1]
        if char == b"<":
            yield from self._markup(buffer, start)
        elif char == b"&":
            yield from self._ampersand(buffer, start)
        elif char == b"]":
            self.position = start + 3
            if self.repair:
                self._report(start, "“]]>” outside a CDATA section kept as text")
                yield b"]]&gt;"
            else:
                yield b"]]>"
        else:
            yield from self._control(buffer, start)

    def _ampersand(self, buffer, start):
        if len(buffer) - start < 48 and self._wait():
            return
        match = ENTITY.match(buffer, start)
        if match and (match.group(1) is None or match.group(1) in XML_ENTITIES):
            self.position = match.end()
            yield match.group()
            return
        self.position = start + 1
        if not self.repair:
            yield b"&"
            return
        if match:
            name = match.group(1).decode("ascii", "replace")
            self._report(start, "entity XML does not define kept as text", f"&{name};")
        else:
            self._report(start, "bare “&” kept as text")
        yield b"&amp;"

    def _markup(self, buffer, start):
        if len(buffer) - start < 10 and self._wait():
            return
        head = buffer[start : start + 10]
        if head.startswith(b"<![CDATA["):
            self.in_cdata, self.position = True, start + 9
            yield b"<![CDATA["
            return
        if head.startswith(b"<!--"):
            self.in_comment, self.position = True, start + 4
            yield b"<!--"
            return
        self.position = start + 1
        if head.startswith(b"<!"):
            if head.upper().startswith((b"<!DOCTYPE", b"<!ENTITY")):
                end = buffer.find(b">", start)
                if end < 0 and len(buffer) - start < LONGEST_DECLARATION and self._wait():
                    self.position = start
                    return
                self._check_doctype(buffer[start : end if end >= 0 else len(buffer)], start)
            yield b"<"
        elif head[1:2] and head[1:2] in b"/?:_" or head[1:2].isalpha() or head[1:2] >= b"\x80":
            # Only reached at the end of a buffer, before the next bytes came: a tag after all.
            yield b"<"
        elif self.repair:
            self._report(start, "“<” that starts no tag kept as text")
            yield b"&lt;"
        else:
            yield b"<"

    def _check_doctype(self, declaration, start):
        # An internal subset starts with "[" before the first ">"; an outside DTD is named
        # after SYSTEM or PUBLIC.
        declaration = declaration.upper()
        if declaration.startswith(b"<!ENTITY") or any(
            word in declaration for word in (b"[", b"SYSTEM", b"PUBLIC")
        ):
            raise WXRError(
                f"The file declares XML entities or an outside DTD (line {self.line(start)}); "
                "WordPress never writes them, and they can read files or expand without end: "
                "refused."
            )

    def _at_end(self):
        if self.in_cdata or self.in_comment:
            raise WXRError(
                "The file ends before the export does: it looks truncated "
                f"(line {self.line(len(self.buffer))})."
            )


def _explain(error):
    """Turn the parser's error into a sentence an editor can act on."""
    message = (error.msg or str(error)).split(", line ")[0]
    line, column = error.position if error.position else (error.lineno, 0)
    if message.startswith(TRUNCATED):
        return f"The file ends before the export does: it looks truncated (line {line})."
    return f"The file is not well-formed XML: {message} at line {line}, column {column}."


# Namespace names that are not valid URIs (WordPress writes none, plugins may) change nothing.
HARMLESS_ERRORS = {etree.ErrorTypes.WAR_NS_URI, etree.ErrorTypes.WAR_NS_URI_RELATIVE}
TRUNCATED = ("Premature end of data", "EndTag: '</' not found")


def _parser_errors(events, seen, stream, *, strict, on_repair, element=None):
    """Report the parser's repairs; refuse any other fault its recover mode met.

    element is the part of the channel just read (an item, an author...): an end tag misnamed
    inside it is checked there. One met before that part was read waits for the next call.
    """
    log = list(events.error_log)
    for index in range(seen, len(log)):
        error = log[index]
        if error.type in HARMLESS_ERRORS:
            continue
        message = error.message.strip()
        if error.type == etree.ErrorTypes.NS_ERR_UNDEFINED_NAMESPACE and not strict:
            prefix = UNDECLARED_PREFIX.search(message)
            on_repair(
                error.line,
                "undeclared namespace prefix read as part of the name",
                f"{prefix.group(1)}:" if prefix else "",
            )
            continue
        mismatch = TAG_MISMATCH.match(message)
        if mismatch and not strict and element is not None:
            closed = _misnamed_end(element, mismatch.group(1), mismatch.group(2))
            if closed is None and error.line > element.sourceline:
                # Perhaps in the part of the channel read next.
                return index
            if closed is not None and len(closed) == 0:
                on_repair(
                    error.line,
                    "misnamed end tag read as the end of the element it closes",
                    f"</{mismatch.group(3)}> for <{mismatch.group(1)}>",
                )
                continue
        # A fault on the file's last line is where a cut-off file stops.
        if message.startswith(TRUNCATED) or error.line == stream.last_line:
            raise WXRError(
                f"The file ends before the export does: it looks truncated (line {error.line})."
            )
        leniently = "" if strict else ", even read leniently"
        raise WXRError(
            f"The file is not well-formed XML{leniently}: {message} at line {error.line}, "
            f"column {error.column}."
        )
    return len(log)


UNDECLARED_PREFIX = re.compile(r"Namespace prefix (\S+)")
TAG_MISMATCH = re.compile(r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)$")


def _misnamed_end(element, name, line):
    """Return the element a misnamed end tag closed, if it is in element and holds only text.

    The parser's recover mode ends the element that is open with whatever end tag comes: right
    for a misspelt end tag (<title>Budget</titel>), but for an element left open it takes in
    what follows (the rest of the item, the next items). Only an element with no elements
    inside is taken as the first case; anything else is refused.
    """
    for candidate in element.iter():
        if not isinstance(candidate.tag, str) or candidate.sourceline != int(line):
            continue
        # The parser names it without its prefix (status for wp:status).
        if name.rpartition(":")[2] == etree.QName(candidate).localname:
            return candidate
    return None


def read_wxr(source, *, strict=False, on_repair=None) -> Iterator[Channel | Author | Term | Item]:
    """Yield the channel, then authors, terms and items in file order; raise WXRError if unfit.

    Unless strict, what WordPress's importer tolerates is repaired and each repair is passed to
    on_repair(line, kind, detail).
    """
    on_repair = on_repair or (lambda line, kind, detail: None)
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as raw:
            yield from _read(raw, strict, on_repair)
    else:
        yield from _read(source, strict, on_repair)


def _read(raw, strict, on_repair):
    channel = Channel()
    channel_element = None
    announced = False
    depth = 0
    started = False
    seen = 0
    if not strict:
        raw = Utf8Repair(raw, on_repair)
    stream = ExportStream(raw, repair=not strict, on_repair=on_repair)
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        # Always: the faults it met are read from its error log, refused or reported one by one
        # (in strict mode only harmless ones pass).
        recover=True,
        # Never fetch or read anything the file points at; the stream refuses DTDs besides.
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        # One post's text may be over libxml2's 10 MB default for one text node.
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if not started:
                    started = True
                    if element.tag != "rss":
                        name = _short_name(element.tag)
                        raise WXRError(
                            f"This is not a WordPress export: its root element is <{name}>, "
                            "not <rss>."
                        )
                elif depth == 2 and element.tag == "channel":
                    channel_element = element
                continue
            depth -= 1
            if depth != 2 or channel_element is None:
                continue
            seen = _parser_errors(
                events, seen, stream, strict=strict, on_repair=on_repair, element=element
            )
            name = _short_name(element.tag)
            if name in CHANNEL_FIELDS:
                setattr(channel, CHANNEL_FIELDS[name], (element.text or "").strip())
            elif name in CHANNEL_AUTHORS or name in CHANNEL_TERMS or name == "item":
                if not announced:
                    _check_wxr(channel)
                    announced = True
                    yield channel
                if name in CHANNEL_AUTHORS:
                    yield _author(element)
                elif name in CHANNEL_TERMS:
                    yield _term(element, CHANNEL_TERMS[name])
                else:
                    yield _item(element)
            channel_element.remove(element)
        _parser_errors(events, seen, stream, strict=strict, on_repair=on_repair)
    except etree.XMLSyntaxError as error:
        raise WXRError(_explain(error)) from None
    if not started:
        raise WXRError("The file is empty.")
    if channel_element is None:
        raise WXRError("This is not a WordPress export: it has no <channel>.")
    if not announced:
        _check_wxr(channel)
        yield channel


def _check_wxr(channel):
    if not channel.wxr_version:
        raise WXRError(
            "This is an RSS feed, not a WordPress export (it has no wp:wxr_version). "
            "Export from WordPress with Tools → Export instead."
        )
    if not re.fullmatch(r"1\.\d+", channel.wxr_version):
        raise WXRError(f"WXR version {channel.wxr_version} is not supported (1.0 to 1.2 are).")

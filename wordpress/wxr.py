"""Read a WordPress export (WXR 1.0, 1.1 or 1.2) as a stream of plain records.

The reader never holds more than one <item> in memory: each record is built when its element
ends, then the element is removed from the tree. It knows nothing about Django.
"""

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree import ElementTree

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


def _explain(error, started):
    """Turn an expat error into a sentence an editor can act on."""
    line, column = error.position
    message = str(error).split(":")[0]
    if not started and message == "no element found":
        return "The file is empty."
    if not started:
        return f"This is not an XML file ({message} at line {line}, column {column})."
    if message in {"no element found", "unclosed token", "partial character"}:
        return f"The file ends before the export does: it looks truncated (line {line})."
    return f"The file is not well-formed XML: {message} at line {line}, column {column}."


def read_wxr(source) -> Iterator[Channel | Author | Term | Item]:
    """Yield the channel, then authors, terms and items in file order; raise WXRError if unfit."""
    channel = Channel()
    channel_element = None
    announced = False
    depth = 0
    started = False
    try:
        events = ElementTree.iterparse(source, events=("start", "end"))
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
    except ElementTree.ParseError as error:
        raise WXRError(_explain(error, started)) from None
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

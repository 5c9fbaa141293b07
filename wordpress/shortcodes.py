"""Replace the WordPress shortcodes a blog post may hold with plain HTML.

- [caption]<img ...> Text[/caption] becomes <figure><img ...><figcaption>Text</figcaption></figure>.
- [gallery ids="1,2"] (or a gallery of the post's own attachments, without ids) becomes a list
  of figures when the images are known, otherwise a short note saying a gallery was there.
- [embed]URL[/embed], and a web address alone on its line, become a link to that address.
- [audio] and [video] become a link to their file when they name one.
- Any other shortcode is left in the text exactly as written, so that nothing the author wrote
  disappears silently, and is reported so an editor can fix the post by hand.
- [[name]] is WordPress's way of writing a shortcode's text literally: it becomes [name].
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Image:
    """What a gallery needs to know about one image."""

    url: str
    alt: str = ""
    caption: str = ""


@dataclass
class Rendered:
    html: str
    # Names of shortcodes left as text, once each, in the order met.
    unhandled: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


MEDIA_SOURCE_ATTRIBUTES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv")
OPENING = re.compile(
    r"\[(?P<escaped>\[?)(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\[\]]*)?)\](?P<escaped_end>\]?)"
)
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)"""
)
IMAGE_THEN_TEXT = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
URL = re.compile(r"https?://[^\s<>\"'\]]+")
BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)


def parse_attributes(text):
    """Return a shortcode's attributes as a dict of lower-case names to values."""
    attributes = {}
    for match in ATTRIBUTE.finditer(text):
        name = match.group(1) or match.group(3) or match.group(5)
        value = next(group for group in match.group(2, 4, 6) if group is not None)
        attributes[name.lower()] = value
    return attributes


def render_shortcodes(
    text,
    *,
    find_image: Callable[[int], Image | None] = lambda wp_id: None,
    post_images: Callable[[], Iterable[Image]] = list,
):
    """Return the text with shortcodes replaced, and what was left or noted on the way."""
    result = Rendered(html="")
    out = []
    position = 0
    closings = ClosingTags(text)
    while True:
        match = OPENING.search(text, position)
        if match is None:
            break
        name = match.group("name").lower()
        out.append(text[position : match.start()])
        if match.group("escaped") and match.group("escaped_end"):
            out.append(match.group(0)[1:-1])
            position = match.end()
            continue
        attrs_text = match.group("attrs")
        closing = None
        if not attrs_text.rstrip().endswith("/"):
            closing = closings.after(match.group("name"), match.end())
        content = text[match.end() : closing.start()] if closing else ""
        end = closing.end() if closing else match.end()
        attributes = parse_attributes(attrs_text)
        attributes.setdefault("", attrs_text.strip())
        html = _render(name, attributes, content, find_image, post_images, result)
        if html is None:
            if (closing or "=" in attrs_text) and name not in result.unhandled:
                result.unhandled.append(name)
            out.append(text[match.start() : end] if closing else match.group(0))
        else:
            out.append(html)
        position = end
    out.append(text[position:])
    result.html = BARE_URL_LINE.sub(lambda m: _link(m.group(1)), "".join(out))
    return result


class ClosingTags:
    """Find a shortcode's closing tag, remembering each search so the text is read once a name.

    Searching the rest of the text afresh for each opening tag is quadratic when a long post
    holds many shortcodes, or words in brackets, that are never closed.
    """

    def __init__(self, text):
        self.text = text
        # Lower-case name -> (where the last search started, what it found or None).
        self.found = {}

    def after(self, name, position):
        key = name.lower()
        start, match = self.found.get(key, (None, None))
        # Searches only move forward: the last result holds until its match is passed.
        if start is not None and start <= position and (match is None or match.start() >= position):
            return match
        pattern = re.compile(rf"\[/{re.escape(name)}\]", re.IGNORECASE)
        match = pattern.search(self.text, position)
        self.found[key] = (position, match)
        return match


def _render(name, attributes, content, find_image, post_images, result):
    """Return the HTML for one shortcode, or None to leave it as written."""
    if name in {"caption", "wp_caption"}:
        return _caption(attributes, content)
    if name == "gallery":
        return _gallery(attributes, find_image, post_images, result)
    if name == "embed":
        url = content.strip()
        return _link(url) if url.startswith(("http://", "https://")) else ""
    if name in {"audio", "video"}:
        named = (attributes[key] for key in MEDIA_SOURCE_ATTRIBUTES if key in attributes)
        # [audio https://...] names its file without an attribute name.
        bare = URL.match(attributes[""]) if attributes[""] else None
        url = next(named, bare.group(0) if bare else "")
        if url:
            return _link(url, f"{name.title()}: {_file_name(url)}")
    return None


def _caption(attributes, content):
    match = IMAGE_THEN_TEXT.match(content)
    image, text = (match.group(1), match.group(2)) if match else (content, "")
    # Before WordPress 3.4 the caption was an attribute rather than the text after the image.
    text = text.strip() or attributes.get("caption", "").strip()
    figcaption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{image.strip()}{figcaption}</figure>"


def _note(result, note):
    if note not in result.notes:
        result.notes.append(note)


def _gallery(attributes, find_image, post_images, result):
    ids = attributes.get("ids") or attributes.get("include") or ""
    if ids:
        wanted = [int(part) for part in re.findall(r"\d+", ids)]
        images = [image for image in map(find_image, wanted) if image is not None]
        missing = len(wanted) - len(images)
        if missing:
            _note(result, f"{missing} of the gallery's {len(wanted)} images are not known")
    else:
        images = list(post_images())
    if not images:
        _note(result, "a gallery with no known images was replaced by a note")
        return "<p>(A gallery of photos was here on the old blog.)</p>"
    figures = "".join(f"<li>{_figure(image)}</li>" for image in images)
    return f'<ul class="gallery">{figures}</ul>'


def _figure(image):
    caption = f"<figcaption>{escape(image.caption)}</figcaption>" if image.caption else ""
    return f'<figure><img src="{escape(image.url)}" alt="{escape(image.alt)}">{caption}</figure>'


def _link(url, text=None):
    return f'<a href="{escape(url)}">{escape(text or url)}</a>'


def _file_name(url):
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or url

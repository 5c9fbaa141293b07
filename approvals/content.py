"""What approval is about: a post's title, body, excerpt and photos, and what changed in them."""

import difflib
import hashlib
import json
import re

from django.utils.html import format_html, format_html_join

from photos.models import Photo
from posts.revisions import text_lines
from posts.sanitize import sanitize_html

_PHOTO_SOURCE = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]*)\"", re.IGNORECASE)
FIELDS = [("title", "Title"), ("excerpt", "Excerpt"), ("body", "Text"), ("photo", "Photos")]


def post_content(post):
    """Return the approved parts of a post as it is in memory (saved or not)."""
    body = sanitize_html(post.body or "")
    return {
        "title": (post.title or "").strip(),
        "body": body,
        "excerpt": (post.excerpt or "").strip(),
        "featured_photo": post.featured_photo_id,
        # The photos in the body are part of the body; listed too, so a swapped file shows.
        "body_photos": _PHOTO_SOURCE.findall(body),
    }


def content_fingerprint(content):
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def post_fingerprint(post):
    return content_fingerprint(post_content(post))


def _photo_words(content):
    words = []
    photo_id = content.get("featured_photo")
    if photo_id:
        photo = Photo.objects.filter(pk=photo_id).first()
        words.append(f"Featured photo: {photo.title if photo else photo_id}")
    words += [f"Photo in the text: {source}" for source in content.get("body_photos", [])]
    return " ".join(words)


def _field_text(content, name):
    if name == "body":
        return "\n".join(text_lines(content.get("body", "")))
    if name == "photo":
        return _photo_words(content)
    return content.get(name, "")


def word_diff(before, after):
    """Return HTML marking the words added and removed, said in words for screen readers."""
    old, new = before.split(), after.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(format_html("{}", " ".join(old[i1:i2])))
            continue
        if tag in {"delete", "replace"}:
            parts.append(
                format_html(
                    '<del><span class="visually-hidden">[removed: </span>{}'
                    '<span class="visually-hidden">]</span></del>',
                    " ".join(old[i1:i2]),
                )
            )
        if tag in {"insert", "replace"}:
            parts.append(
                format_html(
                    '<ins><span class="visually-hidden">[added: </span>{}'
                    '<span class="visually-hidden">]</span></ins>',
                    " ".join(new[j1:j2]),
                )
            )
    return format_html_join(" ", "{}", ((part,) for part in parts))


def content_changes(before, after):
    """Return, field by field, what changed between two contents (before may be None)."""
    changes = []
    for name, label in FIELDS:
        old = _field_text(before or {}, name)
        new = _field_text(after, name)
        if old != new:
            changes.append({"label": label, "diff": word_diff(old, new)})
    return changes

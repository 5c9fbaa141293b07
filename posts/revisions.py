"""Readable differences between two saved versions of a post, for the admin's history."""

import difflib
import html
import re

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags

from photos.models import Photo
from posts.models import Post, TaggedPost

# Field name, label, and how to show a value: short values side by side, long ones line by line.
COMPARED_FIELDS = [
    ("title", "Title", "value"),
    ("slug", "Slug", "value"),
    ("author", "Author", "value"),
    ("status", "Status", "value"),
    ("published_at", "Publication time", "value"),
    ("is_sticky", "Sticky", "value"),
    ("featured_photo", "Featured photo", "value"),
    ("excerpt", "Excerpt", "lines"),
    ("body", "Body", "lines"),
]

_IMAGE = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>", re.IGNORECASE)
_LINK = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|figcaption|pre|tr|dt|dd)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE
)


def version_differences(older, newer):
    """Return what changed between two field dictionaries of a post, field by field."""
    changes = []
    for name, label, kind in COMPARED_FIELDS:
        before, after = older.get(name), newer.get(name)
        if before == after:
            continue
        if kind == "lines":
            lines = _line_diff(text_lines(before or ""), text_lines(after or ""))
            changes.append({"label": label, "lines": lines})
        else:
            changes.append(
                {"label": label, "before": _shown(name, before), "after": _shown(name, after)}
            )
    return changes


def version_has_tags(version):
    """Say whether a saved version of a post kept tags with it.

    Versions saved before tags were kept, and versions of a post without tags, have none; both
    are restored without touching the post's tags, so that no tag is lost by restoring.
    """
    tagged = ContentType.objects.get_for_model(TaggedPost)
    return version.revision.version_set.filter(content_type=tagged).exists()


def text_lines(markup):
    """Turn stored HTML into the lines of text a reader sees, links and photos spelt out."""
    markup = _IMAGE.sub(lambda match: f"[Photo: {match.group(1)}]", markup)
    markup = _LINK.sub(lambda match: f"{match.group(2)} ({match.group(1)})", markup)
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", markup)))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _line_diff(before, after):
    kinds = {" ": "same", "-": "removed", "+": "added"}
    return [
        {"kind": kinds[line[0]], "text": line[2:]}
        for line in difflib.ndiff(before, after)
        if line[0] in kinds
    ]


def _shown(name, value):
    if value in (None, ""):
        return "—"
    if name == "status":
        return Post.Status(value).label
    if name == "is_sticky":
        return "Yes" if value else "No"
    if name == "published_at":
        moment = parse_datetime(value) if isinstance(value, str) else value
        return timezone.localtime(moment).strftime("%d %B %Y, %H:%M")
    if name == "author":
        user = get_user_model().objects.filter(pk=value).first()
        return (user.get_full_name() or user.get_username()) if user else f"Deleted user {value}"
    if name == "featured_photo":
        photo = Photo.objects.filter(pk=value).first()
        return photo.title if photo else f"Deleted photo {value}"
    return str(value)

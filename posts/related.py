"""What a post page offers besides the post: related posts and the time it takes to read."""

import html
import math

from django.db.models import Count
from django.utils.html import strip_tags
from django.utils.text import Truncator

from posts.models import Post

RELATED_LIMIT = 3
# A comfortable pace for reading from a screen; a short post still says "1 minute read".
WORDS_PER_MINUTE = 200
# Search engines and chat tools show about this many characters of a description.
DESCRIPTION_CHARS = 200


def post_related(*, post, limit=RELATED_LIMIT):
    """Return up to limit published posts sharing most tags with post, newest first among ties."""
    return list(
        Post.objects.published()
        .filter(tagged_items__tag__in=post.tagged_items.values("tag"))
        .exclude(pk=post.pk)
        .annotate(shared_tags=Count("tagged_items"))
        .only("title", "slug", "published_at")
        .order_by("-shared_tags", "-published_at", "-id")[:limit]
    )


def post_reading_minutes(*, post):
    """Return the whole minutes it takes to read the post's body, at least one."""
    words = len(strip_tags(post.body).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def post_description(*, post):
    """Return the post's summary as plain text short enough for a meta description."""
    text = " ".join(html.unescape(strip_tags(post.summary)).split())
    return Truncator(text).chars(DESCRIPTION_CHARS, truncate="…")

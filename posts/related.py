"""What a post page offers besides the post: related posts and the time it takes to read."""

import html
import math

from django.db.models import Count, Q
from django.utils.html import strip_tags
from django.utils.text import Truncator

from posts.models import Post, TaggedPost

RELATED_LIMIT = 3
# How many of each tag's latest posts (by when they were created) are weighed.
RELATED_POOL = 100
# A comfortable pace for reading from a screen; a short post still says "1 minute read".
WORDS_PER_MINUTE = 200
# Search engines and chat tools show about this many characters of a description.
DESCRIPTION_CHARS = 200


def post_related(*, post, limit=RELATED_LIMIT):
    """Return up to limit published posts sharing most tags with post, newest first among ties.

    Only the RELATED_POOL latest posts of each of its tags are weighed: a tag on 30,000 posts
    would otherwise have every one of them counted for a post page. One query per tag of the
    post, each reading an index, and one for the posts.
    """
    tag_ids = list(post.tagged_items.values_list("tag_id", flat=True))
    pool = set()
    for tag_id in tag_ids:
        latest = TaggedPost.objects.filter(tag_id=tag_id).exclude(content_object_id=post.pk)
        pool.update(
            latest.order_by("-content_object_id").values_list("content_object_id", flat=True)[
                :RELATED_POOL
            ]
        )
    if not pool:
        return []
    return list(
        Post.objects.published()
        .filter(pk__in=pool)
        .annotate(shared_tags=Count("tagged_items", filter=Q(tagged_items__tag__in=tag_ids)))
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

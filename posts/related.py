"""What a post page offers besides the post: related posts and the time it takes to read."""

import html
import math

from django.db import connection
from django.db.models import Count, OuterRef, Subquery
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
    would otherwise have every one of them counted for a post page. Each tag's latest posts
    are read from an index, and each one's tags shared with the post counted from another. The
    tags come from the post's prefetched tags when the page has them.
    """
    tag_ids = [tag.pk for tag in post.tags.all()]
    if not tag_ids:
        return []
    # Counted for each weighed post through the (post, tag) unique index. A join on the tags
    # counted the same but left PostgreSQL free to read every post of the tags instead, which
    # it chose when it could not see the tags' sizes (7.5 ms at 100,000 posts, not 1.5).
    shared = (
        TaggedPost.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
        .order_by()
        .values("content_object_id")
        .annotate(shared=Count("*"))
        .values("shared")
    )
    return list(
        Post.objects.published()
        .filter(pk__in=_pool(post, tag_ids))
        .annotate(shared_tags=Subquery(shared))
        .only("title", "slug", "published_at")
        .order_by("-shared_tags", "-published_at", "-id")[:limit]
    )


def _pool(post, tag_ids):
    """Return the latest posts of each tag: a subquery where the database allows one, else ids.

    PostgreSQL takes the tags' latest posts as one UNION ALL in the same query. SQLite allows no
    LIMIT inside a UNION, so there each tag's are read first, one query per tag, and handed
    over as a list, which took the ORM and PostgreSQL twice as long at 100,000 posts.
    """
    latest = TaggedPost.objects.exclude(content_object_id=post.pk).order_by("-content_object_id")
    pools = [
        latest.filter(tag_id=tag_id).values("content_object_id")[:RELATED_POOL]
        for tag_id in tag_ids
    ]
    if len(pools) == 1:
        return pools[0]
    if connection.features.supports_slicing_ordering_in_compound:
        return pools[0].union(*pools[1:], all=True)
    return {row["content_object_id"] for pool in pools for row in pool}


def post_reading_minutes(*, post):
    """Return the whole minutes it takes to read the post's body, at least one."""
    words = len(strip_tags(post.body).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def post_description(*, post):
    """Return the post's summary as plain text short enough for a meta description."""
    text = " ".join(html.unescape(strip_tags(post.summary)).split())
    return Truncator(text).chars(DESCRIPTION_CHARS, truncate="…")

"""What a post page offers besides the post: related posts and the time it takes to read."""

import html
import math

from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
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
    return list(
        Post.objects.published()
        .filter(pk__in=_pool(post, tag_ids))
        .annotate(shared_tags=_shared_tags(tag_ids))
        .only("title", "slug", "published_at")
        .order_by("-shared_tags", "-published_at", "-id")[:limit]
    )


# The pool and the count are written in SQL: built with the ORM (a UNION of a queryset per
# tag, a Subquery of a grouped count) they took Django 1.7 ms to put together, longer than
# PostgreSQL took to run them at 100,000 posts. Which posts readers see is still the ORM's
# published(), above. Each tag's latest posts come from the (tag, post) index; the subqueries
# in FROM let SQLite take a LIMIT inside a UNION, as PostgreSQL does.
_TAGGED = TaggedPost._meta.db_table
_TAG_LATEST = (
    "SELECT content_object_id FROM (SELECT content_object_id FROM {table}"
    " WHERE tag_id = %s AND content_object_id <> %s"
    " ORDER BY content_object_id DESC LIMIT %s) AS latest_{number}"
)


def _pool(post, tag_ids):
    """Return the RELATED_POOL latest posts of each tag (post left out), as a subquery."""
    sql = " UNION ALL ".join(
        _TAG_LATEST.format(table=connection.ops.quote_name(_TAGGED), number=number)
        for number in range(len(tag_ids))
    )
    params = [value for tag_id in tag_ids for value in (tag_id, post.pk, RELATED_POOL)]
    return RawSQL(sql, params)


def _shared_tags(tag_ids):
    """Return how many of these tags each post of the query has.

    Counted through the (post, tag) unique index. A join on the tags counted the same but left
    PostgreSQL free to read every post of the tags instead, which it chose when it could not
    see the tags' sizes (7.5 ms at 100,000 posts, not 1.5).
    """
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(tag_ids))
    sql = (
        f"SELECT COUNT(*) FROM {quote(_TAGGED)} AS shared"
        f" WHERE shared.content_object_id = {quote(Post._meta.db_table)}.{quote('id')}"
        f" AND shared.tag_id IN ({marks})"
    )
    return RawSQL(sql, tag_ids, output_field=IntegerField())


def post_reading_minutes(*, post):
    """Return the whole minutes it takes to read the post's body, at least one."""
    words = len(strip_tags(post.body).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def post_description(*, post):
    """Return the post's summary as plain text short enough for a meta description."""
    text = " ".join(html.unescape(strip_tags(post.summary)).split())
    return Truncator(text).chars(DESCRIPTION_CHARS, truncate="…")

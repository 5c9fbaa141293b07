"""What renews cached pages in posts: its models, and the times posts change by themselves.

Registered with the page cache (pagecache/registry.py) by PostsConfig.ready().
"""

from django.utils import timezone
from taggit.models import Tag

from pagecache.registry import register, register_deadline, register_m2m
from posts.models import Post, TaggedPost


def is_published(post):
    # Published or scheduled: a scheduled post's time is a deadline, so a change to it renews.
    # A draft is seen by no reader (an editor's preview is never cached).
    return post.status == Post.Status.PUBLISHED


def next_scheduled_post_at():
    upcoming = Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
    return upcoming.order_by("published_at").values_list("published_at", flat=True).first()


def next_unpublish_at():
    # A post leaves the blog by the clock alone, as it arrives: cached pages must notice it.
    upcoming = Post.objects.filter(status=Post.Status.PUBLISHED, unpublish_at__gt=timezone.now())
    return upcoming.order_by("unpublish_at").values_list("unpublish_at", flat=True).first()


def next_comments_close_at():
    upcoming = Post.objects.filter(comments_open=True, comments_close_at__gt=timezone.now())
    return (
        upcoming.order_by("comments_close_at").values_list("comments_close_at", flat=True).first()
    )


def register_with_page_cache():
    # Every field of a post that is or was published: its page shows even when it was last
    # changed (article:modified_time).
    register(Post, shown=is_published)
    register(Tag)
    register(TaggedPost)
    # post.tags.add() and .set() may write their rows without a signal per row.
    register_m2m(Post.tags.through)
    register_deadline(next_scheduled_post_at)
    register_deadline(next_unpublish_at)
    register_deadline(next_comments_close_at)

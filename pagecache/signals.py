"""Renew the content version whenever something that readers see is saved or deleted."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from taggit.models import Tag

from comments.models import Comment
from pagecache.version import bump_content_version, register_deadline
from posts.models import Post, TaggedPost


def _bump(sender, **kwargs):
    bump_content_version()


def _bump_comments(sender, **kwargs):
    # A comment shows on its post and in counts on lists, never in the sidebar.
    bump_content_version(posts=False)


def _bump_after_m2m(sender, action, **kwargs):
    if action.startswith("post_"):
        bump_content_version()


def _bump_unless_login(sender, update_fields=None, **kwargs):
    # Signing in saves last_login only; author names are what pages show.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    bump_content_version()


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


def content_models():
    """Return the models whose rows readers see on cached pages, each with its receiver."""
    # Comment counts on lists, and a post's approved comments, are shared by all readers.
    return [(Post, _bump), (TaggedPost, _bump), (Tag, _bump), (Comment, _bump_comments)]


def connect_content_signals():
    for model, receiver in content_models():
        name = model.__name__
        post_save.connect(receiver, sender=model, dispatch_uid=f"pagecache-save-{name}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"pagecache-delete-{name}")
    m2m_changed.connect(
        _bump_after_m2m, sender=Post.tags.through, dispatch_uid="pagecache-post-tags"
    )
    user_model = get_user_model()
    post_save.connect(_bump_unless_login, sender=user_model, dispatch_uid="pagecache-user-save")
    post_delete.connect(_bump, sender=user_model, dispatch_uid="pagecache-user-delete")
    register_deadline(next_scheduled_post_at)
    register_deadline(next_unpublish_at)
    register_deadline(next_comments_close_at)

"""The publishing rules the admin applies: who may publish, and what publishing changes."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from posts.models import OldAddress, Post

PUBLISH_PERMISSION = "posts.publish_post"
NO_PUBLISH_MESSAGE = (
    "You do not have permission to publish or unpublish posts. Save it as a draft and ask "
    "someone in the Communications team to publish it."
)


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def post_status_change_allowed(*, user, old_status, new_status):
    """Say whether the user may move a post from one status to another."""
    published = Post.Status.PUBLISHED
    if old_status == new_status or can_publish(user):
        return True
    return published not in {old_status, new_status}


def post_publish(*, post, user):
    """Publish the post: now, or at its publication time if that is still to come."""
    if not can_publish(user):
        raise PermissionDenied(NO_PUBLISH_MESSAGE)
    now = timezone.now()
    if post.status == Post.Status.DRAFT and post.published_at < now:
        # A draft's time is when it was started; publishing it makes it news today.
        post.published_at = now
    post.status = Post.Status.PUBLISHED
    post.updated_by = user
    post.full_clean()
    post.save()
    return post


def post_unpublish(*, post, user):
    """Take the post down from readers' view, keeping its address for a later return."""
    if not can_publish(user):
        raise PermissionDenied(NO_PUBLISH_MESSAGE)
    post.status = Post.Status.UNPUBLISHED
    post.updated_by = user
    post.full_clean()
    post.save()
    return post


def post_address_remember(*, post, old_path):
    """Keep old_path leading to the post after its address changed."""
    new_path = post.get_absolute_url()
    if old_path == new_path:
        return None
    # The post may have gone back to an address it once had; that one is live again.
    OldAddress.objects.filter(path=new_path).delete()
    address, _ = OldAddress.objects.update_or_create(path=old_path, defaults={"post": post})
    return address

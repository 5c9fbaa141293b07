"""The publishing rules: who may publish, and what saving, publishing and unpublishing change.

Every way of changing a post's state (the form's buttons, the bulk actions, restoring a version)
goes through these functions, so publishing means the same thing wherever it is done.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from audit.services import record
from posts.models import OldAddress, Post

PUBLISH_PERMISSION = "posts.publish_post"
NO_PUBLISH_MESSAGE = (
    "You do not have permission to publish or unpublish posts. Save it as a draft and ask "
    "someone in the Communications team to publish it."
)
NEEDS_TITLE = "Add a title before publishing: readers see it as the headline."
NEEDS_BODY = "Write the post before publishing: its text is empty."
NEEDS_FUTURE_TIME = "Choose a time in the future to schedule the post, or publish it now."
TIME_STEP = timedelta(minutes=1)
SLUG_MAX_LENGTH = Post._meta.get_field("slug").max_length


# What other apps require before a post may go live (approval, the checks before publishing).
# Each gate is called as gate(post=..., user=..., action=...) with action "publish", "schedule"
# or "update" (changes to a published or scheduled post), before anything is saved, and refuses
# by raising ValidationError (the form shows it) or PermissionDenied. Apps register theirs in
# their AppConfig.ready(), so this module never imports them.
_publish_gates = []


def publish_gate_register(gate):
    """Add a gate that every publish, schedule and update of a live post must pass."""
    if gate not in _publish_gates:
        _publish_gates.append(gate)


def publish_gates_pass(*, post, user, action):
    """Raise what the first refusing gate raises; the form asks before it saves anything."""
    for gate in list(_publish_gates):
        gate(post=post, user=user, action=action)


def publish_gates_refusal(*, post, user, action):
    """Return why a gate refuses this step, as a list of messages, or [] when all pass.

    For forms, which show the reasons before anything is saved.
    """
    try:
        publish_gates_pass(post=post, user=user, action=action)
    except ValidationError as error:
        return error.messages
    except PermissionDenied as error:
        return [str(error) or NO_PUBLISH_MESSAGE]
    return []


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def post_status_change_allowed(*, user, old_status, new_status):
    """Say whether the user may move a post from one status to another."""
    published = Post.Status.PUBLISHED
    if old_status == new_status or can_publish(user):
        return True
    return published not in {old_status, new_status}


def post_readiness_errors(*, title, body):
    """Return what a post lacks before readers may see it, by field name."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = NEEDS_TITLE
    text = strip_tags(body or "").replace("\xa0", " ").strip()
    # A post may be a photo alone, which has no text but is not empty.
    if not text and "<img" not in (body or ""):
        errors["body"] = NEEDS_BODY
    return errors


def post_slug_fill(*, post):
    """Make the slug from the title when the post has none."""
    if not post.slug and post.title:
        post.slug = slugify(post.title, allow_unicode=True)[:SLUG_MAX_LENGTH].strip("-")


def post_save_draft(*, post, user):
    """Save the post away from readers: a draft has no time; a taken-down post keeps its own.

    A draft may have any title and body, even none.
    """
    if post.status == Post.Status.PUBLISHED and not can_publish(user):
        raise PermissionDenied(NO_PUBLISH_MESSAGE)
    if post.status != Post.Status.UNPUBLISHED:
        post.status = Post.Status.DRAFT
        post.published_at = None
    post_slug_fill(post=post)
    return _save(post=post, user=user, action="post.save_draft", message="Saved as a draft.")


def post_publish(*, post, user, at=None):
    """Publish the post: now, unless the editor chose a time (a future one schedules it).

    A post that was published before and taken down goes back to its own time and address.
    """
    if not can_publish(user):
        raise PermissionDenied(NO_PUBLISH_MESSAGE)
    _require_ready(post)
    first_time = post.published_at is None
    if at is not None:
        post.published_at = at
    elif first_time:
        post.published_at = timezone.now()
    scheduled = post.published_at > timezone.now()
    publish_gates_pass(post=post, user=user, action="schedule" if scheduled else "publish")
    post.status = Post.Status.PUBLISHED
    post_slug_fill(post=post)
    if first_time:
        _slug_free_for_the_day(post)
    if scheduled:
        when = timezone.localtime(post.published_at).strftime("%Y-%m-%d %H:%M")
        return _save(post=post, user=user, action="post.schedule", message=f"Scheduled for {when}.")
    return _save(post=post, user=user, action="post.publish", message="Published.")


def post_schedule(*, post, user, at):
    """Schedule the post to appear by itself at a future time."""
    if at is None or at <= timezone.now():
        raise ValidationError({"published_at": NEEDS_FUTURE_TIME})
    return post_publish(post=post, user=user, at=at)


def post_update(*, post, user, at=None):
    """Save changes to a published or scheduled post, keeping it so; a publisher may move it."""
    if post.status != Post.Status.PUBLISHED:
        return post_save_draft(post=post, user=user)
    # The form shows whole minutes, so a time sent back unchanged may differ by some seconds.
    if at is not None and abs(at - post.published_at) >= TIME_STEP:
        return post_publish(post=post, user=user, at=at)
    _require_ready(post)
    publish_gates_pass(post=post, user=user, action="update")
    return _save(post=post, user=user, action="post.update", message="Updated.")


def post_unpublish(*, post, user):
    """Move the post back to drafts, out of readers' view.

    A post readers have seen keeps its time and address ("Unpublished"), so that publishing it
    again brings back the links to it; a post that was only scheduled becomes a plain draft.
    """
    if not can_publish(user):
        raise PermissionDenied(NO_PUBLISH_MESSAGE)
    # An expired post was seen by readers too: it keeps its time and address.
    if post.is_published or post.is_expired or post.status == Post.Status.UNPUBLISHED:
        post.status = Post.Status.UNPUBLISHED
    else:
        post.status = Post.Status.DRAFT
        post.published_at = None
    return _save(post=post, user=user, action="post.unpublish", message="Moved to drafts.")


def post_keep_state(*, post, current):
    """Give a restored version of a post the current post's state: restoring is about content."""
    kept = ["status", "published_at", "slug", "author_id", "is_sticky"]
    for name in [*kept, "unpublish_at", "comments_open", "comments_close_at"]:
        setattr(post, name, getattr(current, name))
    post.published_on = post.local_published_on()
    return post


def post_address_remember(*, post, old_path):
    """Keep old_path leading to the post after its address changed."""
    if post.published_at is None:
        return None
    new_path = post.get_absolute_url()
    if old_path == new_path:
        return None
    # The post may have gone back to an address it once had; that one is live again.
    OldAddress.objects.filter(path=new_path).delete()
    address, _ = OldAddress.objects.update_or_create(path=old_path, defaults={"post": post})
    return address


def _require_ready(post):
    errors = post_readiness_errors(title=post.title, body=post.body)
    if errors:
        raise ValidationError(errors)


def _slug_free_for_the_day(post):
    """Add -2, -3... to a slug another post of the same day already has, as WordPress does."""
    day = timezone.localtime(post.published_at).date()
    taken = set(
        Post.objects.filter(published_on=day, slug__startswith=post.slug)
        .exclude(pk=post.pk)
        .values_list("slug", flat=True)
    )
    if post.slug not in taken:
        return
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = post.slug[: SLUG_MAX_LENGTH - len(suffix)] + suffix
        if candidate not in taken:
            post.slug = candidate
            return
        number += 1


def _save(*, post, user, action, message):
    post.updated_by = user
    post.full_clean()
    post.save()
    record(action, actor=user, obj=post, message=message)
    return post

"""The writing screen's publish box: the post's state in words, its buttons and their messages."""

from django.utils import formats, timezone

from posts.models import Post
from posts.workflow import can_publish

SAVE_DRAFT = "_save_draft"
PUBLISH = "_publish"
UPDATE = "_update"
UNPUBLISH = "_unpublish"
PREVIEW = "_preview"
# In the order a form's buttons are looked for: a forged form naming two gets the first.
ACTIONS = [UNPUBLISH, PUBLISH, UPDATE, SAVE_DRAFT, PREVIEW]
# Needs a title and a body, as readers will see the post after it.
GOING_LIVE = {PUBLISH, UPDATE}
WHEN_FORMAT = r"l j F Y \a\t H:i"

# What other apps add to the publish box (approval, the checks before publishing). Each hook is
# called as hook(box, post=..., user=..., request=..., form=...) with the saved post (None for a
# new one) and the admin form (None outside the form), and may change the box's flags or append
# to box["extras"] a dict: its "html" is shown as it is, or its "template" is included with the
# dict as "extra".
_publish_box_hooks = []


def publish_box_register(hook):
    """Let an app change what the publish box shows; register it in AppConfig.ready()."""
    if hook not in _publish_box_hooks:
        _publish_box_hooks.append(hook)


def form_action(data):
    """Return the name of the button that sent the form, or '' when none did (Enter, a script)."""
    return next((name for name in ACTIONS if name in data), "")


def when_words(moment):
    """Say a time the way the publish box does: "Monday 9 March 2026 at 09:00"."""
    return formats.date_format(timezone.localtime(moment), WHEN_FORMAT)


def post_state_words(post):
    """Describe a post's state in words: "Draft", "Scheduled for ...", "Published on ..."."""
    if post is None or post.status == Post.Status.DRAFT:
        return "Draft"
    if post.status == Post.Status.UNPUBLISHED:
        return "Unpublished"
    if post.is_scheduled:
        return f"Scheduled for {when_words(post.published_at)}{_leaving_words(post)}"
    return f"Published on {when_words(post.published_at)}{_leaving_words(post)}"


def _leaving_words(post):
    """Say when a published or scheduled post leaves the blog, or left it, after a separator."""
    if post.unpublish_at is None:
        return ""
    if post.is_expired:
        return f" · Expired on {when_words(post.unpublish_at)}"
    return f" · Leaves the blog on {when_words(post.unpublish_at)}"


def publish_box(*, post, user, request=None, form=None):
    """Return what the publish box shows for a post (None for a new one) and this user."""
    live_or_scheduled = post is not None and post.status == Post.Status.PUBLISHED
    publisher = can_publish(user)
    box = {
        "state": post_state_words(post),
        "is_live_or_scheduled": live_or_scheduled,
        "can_publish": publisher,
        "show_save_draft": not live_or_scheduled,
        "show_update": live_or_scheduled,
        "show_publish": publisher and not live_or_scheduled,
        "show_unpublish": publisher and live_or_scheduled,
        "unpublish_label": "Move to drafts",
        # A draft has no time, so it goes out now unless a time is chosen.
        "time_words": (
            when_words(post.published_at) if post is not None and post.published_at else ""
        ),
        "time_label": _time_label(post),
        "may_change_time": publisher or not live_or_scheduled,
        "unpublish_words": _unpublish_words(post),
        "extras": [],
    }
    for hook in list(_publish_box_hooks):
        hook(box, post=post, user=user, request=request, form=form)
    return box


def _unpublish_words(post):
    if post is None or post.unpublish_at is None:
        return "Stays on the blog until moved to drafts"
    verb = "Expired on" if post.is_expired else "Leaves the blog on"
    return f"{verb} {when_words(post.unpublish_at)}"


def _time_label(post):
    if post is not None and (post.is_published or post.is_expired):
        return "Published on:"
    if post is not None and post.is_scheduled:
        return "Goes live:"
    return "Publish on:"


def done_message(*, action, post, was_live_or_scheduled):
    """Say what a press of a button did, in the words of the publish box."""
    if action == UNPUBLISH:
        return "Moved to drafts. Readers can no longer see it."
    if post.status == Post.Status.DRAFT:
        return "Draft saved. Readers cannot see it until it is published."
    if post.status == Post.Status.UNPUBLISHED:
        return "Saved. The post stays unpublished: readers cannot see it."
    if post.is_scheduled:
        return f"Scheduled for {when_words(post.published_at)}. It will appear by itself."
    if post.is_expired:
        return (
            f"Saved. The post expired on {when_words(post.unpublish_at)}: readers cannot see it. "
            "Clear or move Unpublish at to bring it back."
        )
    if was_live_or_scheduled:
        return "Post updated. Readers see the changes now."
    return f"Published on {when_words(post.published_at)}. Readers can see it now."


def restored_message(*, version, post):
    """Say which version was restored, and that the post's state did not change."""
    when = formats.date_format(timezone.localtime(version.revision.date_created), r"j F Y, H:i")
    stays = {
        Post.Status.DRAFT: "The post stays a draft.",
        Post.Status.UNPUBLISHED: "The post stays unpublished.",
    }.get(post.status)
    if stays is None:
        stays = "The post stays published."
        if post.is_scheduled:
            stays = "The post stays scheduled."
        elif post.is_expired:
            stays = "The post stays expired: readers cannot see it."
    return f"Restored the version of {when}: its title, text, excerpt, tags and photo. {stays}"

"""What the moderation pages say: comment states, a post's comments and the buttons on offer."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from comments.models import Comment

# The states a moderator's button may set, with the button's words and what is said once done.
BUTTONS = {
    Comment.Status.APPROVED: ("Approve", "approved"),
    Comment.Status.REJECTED: ("Reject", "rejected"),
    Comment.Status.SPAM: ("Spam", "marked as spam"),
}
STATE_WORDS = {
    Comment.Status.PENDING: "Awaiting moderation",
    Comment.Status.APPROVED: "Approved",
    Comment.Status.REJECTED: "Rejected",
    Comment.Status.SPAM: "Spam",
}
# Whole-word past tense for the message after a state is set (an Undo may set "pending").
DONE_WORDS = {
    **{state: done for state, (_, done) in BUTTONS.items()},
    Comment.Status.PENDING: "put back to await moderation",
}


def when(value):
    """Return a moment as the admin writes it: '3 Dec 2026, 18:05' in the site's time zone."""
    return date_format(timezone.localtime(value), "j M Y, H:i")


def moderation_buttons(comment):
    """Return (state, words) for each one-click button a comment in this state offers."""
    return [(state, words) for state, (words, _) in BUTTONS.items() if state != comment.status]


def comment_takes_reply(comment):
    """Return whether a reply under this comment would be shown to readers."""
    shown = (Comment.Status.PENDING, Comment.Status.APPROVED)
    if comment.status not in shown:
        return False
    return comment.parent_id is None or comment.parent.status == Comment.Status.APPROVED


def comment_state_words(comment):
    """Return the comment's state in words, with who decided and when."""
    words = STATE_WORDS[comment.status]
    if comment.status == Comment.Status.PENDING or comment.moderated_at is None:
        return words
    who = comment.moderated_by
    name = (who.get_full_name() or who.get_username()) if who else "a former moderator"
    return f"{words} by {name}, {when(comment.moderated_at)}"


def closed_by_age(post, now):
    days = settings.CEOBLOG_CLOSE_COMMENTS_AFTER_DAYS
    return days > 0 and post.published_at <= now - timedelta(days=days)


def post_comments_words(post, now=None):
    """Return in words whether the post takes comments, and until when or why not."""
    now = now or timezone.now()
    days = settings.CEOBLOG_CLOSE_COMMENTS_AFTER_DAYS
    if closed_by_age(post, now):
        return (
            f"Comments are closed: the site closes comments on posts more than {days} days old, "
            "so they cannot be opened here."
        )
    if not post.comments_open:
        return "Comments are closed. The comments already here stay visible."
    if post.comments_close_at is not None and post.comments_close_at <= now:
        return f"Comments closed on {when(post.comments_close_at)}, the time set for this post."
    if post.status != post.Status.PUBLISHED or post.published_at > now:
        return "Comments will open when the post is published."
    if post.has_expired_at(now):
        return f"Comments are closed: the post left the blog on {when(post.unpublish_at)}."
    if post.comments_close_at is not None:
        return f"Comments are open until {when(post.comments_close_at)}."
    return "Comments are open."


def post_comments_switch(post, now=None):
    """Return 'close' or 'open' for the button a post's page offers, or None if neither helps."""
    now = now or timezone.now()
    if closed_by_age(post, now):
        return None
    passed = post.comments_close_at is not None and post.comments_close_at <= now
    return "close" if post.comments_open and not passed else "open"

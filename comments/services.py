"""Write operations on comments and the rule that says whether a post takes comments."""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from audit.services import record
from comments.hooks import comment_created_announce, comment_shown_announce
from comments.models import Comment
from comments.roles import MODERATORS
from outbox.services import mail_queue
from pagecache.version import bump_content_version

logger = logging.getLogger(__name__)

OFFICIAL_REPLY_PERMISSION = "comments.post_official_reply"
MODERATE_PERMISSION = "comments.change_comment"
RATE_WINDOW = timedelta(minutes=1)


class CommentsClosed(PermissionDenied):
    """The post does not take comments now."""


class CommentRateLimited(Exception):
    """The author has posted as many comments as a minute allows."""


def comments_are_open(post, now=None):
    """Return whether the post takes new comments at this moment."""
    now = now or timezone.now()
    if not post.comments_open:
        return False
    if post.status != post.Status.PUBLISHED or post.published_at > now:
        return False
    if post.has_expired_at(now):
        # Readers can no longer see the post, so it takes no comments either.
        return False
    if post.comments_close_at is not None and post.comments_close_at <= now:
        return False
    days = settings.CEOBLOG_CLOSE_COMMENTS_AFTER_DAYS
    return not (days > 0 and post.published_at <= now - timedelta(days=days))


def can_post_official_reply(user):
    """Return whether the person may post the office's official replies.

    Django's rule for one permission (ModelBackend: active, and a superuser or holding it
    directly or through a group) in one small query, asked once per request, where has_perm()
    would load every permission the person has in two queries: the post page asks on every
    view, to offer the choice in its comment form.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_ceoblog_official_reply"):
        user._ceoblog_official_reply = _holds_permission(user.pk, OFFICIAL_REPLY_PERMISSION)
    return user._ceoblog_official_reply


def _holds_permission(user_id, permission):
    app_label, codename = permission.split(".")
    with connection.cursor() as cursor:
        cursor.execute(_permission_sql(), [app_label, codename, user_id, user_id])
        return cursor.fetchone() is not None


@functools.cache
def _permission_sql():
    # One statement with its values as parameters, put together once; table names from the
    # models, so that any database Django supports runs it. The ORM's version of this takes
    # longer to build than the database takes to answer it.
    User = get_user_model()
    tables = {
        "permission": Permission._meta.db_table,
        "content_type": ContentType._meta.db_table,
        "user_permissions": User.user_permissions.through._meta.db_table,
        "user_groups": User.groups.through._meta.db_table,
        "group_permissions": Group.permissions.through._meta.db_table,
    }
    return """
        SELECT 1 FROM {permission} p
        JOIN {content_type} ct ON ct.id = p.content_type_id
        WHERE ct.app_label = %s AND p.codename = %s AND (
            p.id IN (SELECT permission_id FROM {user_permissions} WHERE user_id = %s)
            OR p.id IN (
                SELECT gp.permission_id FROM {group_permissions} gp
                JOIN {user_groups} ug ON ug.group_id = gp.group_id
                WHERE ug.user_id = %s
            )
        )
    """.format(**{name: connection.ops.quote_name(table) for name, table in tables.items()})


def comment_initial_status(*, author, is_official):
    """Return the state a new comment starts in under the site's moderation setting."""
    # People who moderate, and the office's official replies, would only approve their own words.
    if is_official or author.has_perm(MODERATE_PERMISSION):
        return Comment.Status.APPROVED
    mode = settings.CEOBLOG_COMMENT_MODERATION
    if mode == "none":
        return Comment.Status.APPROVED
    if mode == "first":
        trusted = Comment.objects.filter(author=author, status=Comment.Status.APPROVED).exists()
        return Comment.Status.APPROVED if trusted else Comment.Status.PENDING
    return Comment.Status.PENDING


def comment_create(*, post, author, body, parent=None, is_official=False):
    """Save a comment by a signed-in user, held for moderation when the setting says so."""
    now = timezone.now()
    if not comments_are_open(post, now):
        raise CommentsClosed("Comments are closed on this post, so new comments are not saved.")
    if is_official and not can_post_official_reply(author):
        raise PermissionDenied("Only the chief executive's office can post official replies.")
    comment = Comment(
        post=post,
        author=author,
        parent=parent,
        body=body,
        is_official=is_official,
        created_at=now,
        status=comment_initial_status(author=author, is_official=is_official),
    )
    comment.full_clean()
    with transaction.atomic():
        _comment_rate_check(author=author, now=now)
        comment.save()
        if comment.is_pending:
            # Queued with the comment, in its transaction; send_queued_mail sends it after the
            # response, so a slow or hung mail server never slows or fails the commenter's page.
            comment_notify_moderators(comment=comment)
        comment_created_announce(comment)
        if _is_shown(comment):
            comment_shown_announce(comment)
    return comment


def _is_shown(comment):
    """Return whether readers see the comment: approved, and under an approved one if a reply."""
    if comment.status != Comment.Status.APPROVED:
        return False
    if comment.parent_id is None:
        return True
    # Read from the database: the parent may have been approved a moment ago in this transaction.
    return Comment.objects.filter(pk=comment.parent_id, status=Comment.Status.APPROVED).exists()


def _comment_rate_check(*, author, now):
    """Refuse a comment over the per-minute limit; call it in the transaction that saves one.

    The author's own account row is locked first, so that comments sent at the same moment by one
    person are counted one after another: each sees the ones saved before it.
    """
    limit = settings.CEOBLOG_COMMENTS_PER_MINUTE
    if limit <= 0:
        return
    account = get_user_model().objects.filter(pk=author.pk)
    if connection.vendor == "sqlite":
        # SQLite has no row locks; a write takes its one write lock now, before the count.
        account.update(last_login=F("last_login"))
    else:
        list(account.select_for_update().values_list("pk"))
    recent = Comment.objects.filter(author=author, created_at__gt=now - RATE_WINDOW).count()
    if recent >= limit:
        raise CommentRateLimited(
            f"You have posted {recent} comments in the last minute, the most allowed. "
            "Wait a minute, then post again: your text is kept below."
        )


# The audit log's name for each decision; "pending" is an Undo.
MODERATION_ACTIONS = {
    Comment.Status.APPROVED: "comment.approve",
    Comment.Status.REJECTED: "comment.reject",
    Comment.Status.SPAM: "comment.spam",
    Comment.Status.PENDING: "comment.pending",
}


def comment_moderate(*, comments, state, moderator):
    """Set the moderation state of comments, recording who decided and when (and in the log)."""
    if state not in Comment.Status.values:
        raise ValueError(f"Unknown comment state {state!r}.")
    now = timezone.now()
    moderated = 0
    with transaction.atomic():
        for comment in comments:
            # The state as saved: a change form's instance already carries the new one.
            before = Comment.objects.filter(pk=comment.pk).values_list("status", flat=True).first()
            comment.status = state
            comment.moderated_by = moderator
            comment.moderated_at = now
            comment.full_clean()
            comment.save(update_fields=["status", "moderated_by", "moderated_at"])
            record(
                MODERATION_ACTIONS[state],
                actor=moderator,
                obj=comment,
                message=f"{Comment.Status(before).label if before else 'New'} → "
                f"{Comment.Status(state).label}.",
            )
            moderated += 1
            if state == Comment.Status.APPROVED and before != state:
                _announce_shown(comment)
    return moderated


def _announce_shown(comment):
    if not _is_shown(comment):
        return
    comment_shown_announce(comment)
    if comment.parent_id is None:
        # Replies approved while their comment waited are seen from now on too.
        for reply in comment.replies.filter(status=Comment.Status.APPROVED).order_by("pk"):
            comment_shown_announce(reply)


def comment_reply(*, comment, author, body, is_official=False):
    """Reply under a comment as a moderator, approving it first if it awaits moderation."""
    # Replies go one level deep, so a reply to a reply joins its thread.
    thread = comment.parent or comment
    if comment.status not in (Comment.Status.PENDING, Comment.Status.APPROVED) or (
        thread != comment and thread.status != Comment.Status.APPROVED
    ):
        raise ValidationError(
            "This comment is not shown to readers, so a reply to it would not be seen either."
        )
    with transaction.atomic():
        if comment.is_pending:
            comment_moderate(comments=[comment], state=Comment.Status.APPROVED, moderator=author)
        reply = comment_create(
            post=comment.post, author=author, body=body, parent=thread, is_official=is_official
        )
        kind = "An official reply" if is_official else "A reply"
        record("comment.reply", actor=author, obj=reply, message=f"{kind} to {comment}.")
        return reply


def _post_ids(posts):
    return [post.pk for post in posts]


def post_comments_close(*, posts):
    """Close comments on the posts; the comments already there stay visible."""
    from posts.models import Post

    # A plain switch with nothing to validate; update() also leaves "last edited" alone.
    selected = Post.objects.filter(pk__in=_post_ids(posts))
    closed = selected.update(comments_open=False)
    # update() sends no signals: tell the page cache itself.
    bump_content_version()
    for post in selected.order_by("pk"):
        record("post.comments_close", obj=post, message="Comments closed.")
    return closed


def post_comments_open(*, posts):
    """Open comments on the posts; return the posts that stay closed because of their age."""
    from posts.models import Post

    now = timezone.now()
    selected = Post.objects.filter(pk__in=_post_ids(posts))
    selected.update(comments_open=True)
    # A close-at time already passed would keep the post closed, so opening clears it.
    selected.filter(comments_close_at__lte=now).update(comments_close_at=None)
    bump_content_version()
    still_closed = []
    for post in selected.order_by("pk"):
        if comments_are_open(post, now):
            record("post.comments_open", obj=post, message="Comments opened.")
        else:
            still_closed.append(post)
            record(
                "post.comments_open",
                obj=post,
                message="Asked to open comments; they stay closed because of the post's age.",
            )
    return still_closed


def moderator_emails():
    """Return the addresses told about held comments."""
    if settings.CEOBLOG_MODERATOR_EMAILS:
        return list(settings.CEOBLOG_MODERATOR_EMAILS)
    users = get_user_model().objects.filter(is_active=True, groups__name=MODERATORS)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def comment_notify_moderators(*, comment):
    """Queue the email telling the moderators that a comment waits for them (sent once)."""
    recipients = moderator_emails()
    if not recipients:
        logger.warning(
            "Comment %s is awaiting moderation and no moderator has an email.", comment.pk
        )
        return None
    review = settings.CEOBLOG_SITE_URL + reverse("admin:comments_comment_change", args=[comment.pk])
    message = (
        f"{comment.author_name} commented on “{comment.post.title}”. "
        "The comment is held until a moderator approves it.\n\n"
        f"{comment.body}\n\n"
        f"Approve, reject or mark it as spam: {review}\n"
    )
    # mail_queue cleans the subject: a title with a line break cannot break the header.
    return mail_queue(
        subject=f"Comment awaiting moderation: {comment.post.title}",
        body=message,
        to=recipients,
        key=f"comment-held:{comment.pk}",
    )

"""Email people about comments: replies to theirs, official replies, new comments on their posts.

comments calls these through its hooks (comments/hooks.py), in the transaction that saves the
comment or the moderator's decision. Nothing here talks to the mail server: each email is queued
in the outbox, which cron sends, so a mail server that is down never fails a comment.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from alerts.models import CommentDelivery, CommentEmail, EmailSettings
from comments.models import Comment
from outbox.services import mail_queue
from posts.links import absolute_url
from posts.models import Post

# A person whose comment was rejected or marked as spam is not written to about the post.
STANDING = [Comment.Status.PENDING, Comment.Status.APPROVED]


def email_settings_for(user):
    """Return the person's email settings, creating them with the defaults if they have none."""
    found, _ = EmailSettings.objects.get_or_create(user=user)
    return found


def can_be_emailed(user):
    """Return whether the person can get email: an active account with an address.

    An anonymised account is inactive and has no address, so it never gets any.
    """
    return user.is_active and bool(user.email)


def _kinds_by_person(comment):
    """Return {person: [kinds, most personal first]} for a comment readers can now see."""
    kinds = {}
    if comment.parent_id is not None:
        kinds.setdefault(comment.parent.author, []).append(CommentEmail.REPLIES)
    if comment.is_official:
        commenters = (
            Comment.objects.filter(post_id=comment.post_id, status__in=STANDING)
            .exclude(pk=comment.pk)
            .select_related("author")
            .order_by("pk")
        )
        for other in commenters:
            kinds.setdefault(other.author, []).append(CommentEmail.OFFICIAL_REPLIES)
    kinds.pop(comment.author, None)
    return kinds


def comment_shown_notify(*, comment):
    """Queue the reply and official-reply emails for a comment readers can now see."""
    if not Post.objects.published().filter(pk=comment.post_id).exists():
        return 0
    queued = 0
    for person, kinds in _kinds_by_person(comment).items():
        if not can_be_emailed(person):
            continue
        chosen = email_settings_for(person)
        wanted = [kind for kind in kinds if chosen.wants(kind)]
        if wanted and _deliver(comment=comment, person=person, kind=wanted[0], chosen=chosen):
            queued += 1
    return queued


def comment_created_notify(*, comment):
    """Queue the email telling the post's author, or the comments mailbox, of a new comment."""
    mailbox = settings.CEOBLOG_COMMENTS_MAILBOX
    if mailbox:
        return _queue(
            comment=comment,
            kind=CommentEmail.NEW_COMMENTS,
            to=mailbox,
            key=f"comment-new-mailbox:{comment.pk}",
            person=None,
            chosen=None,
        )
    author = comment.post.author
    if author is None or author.pk == comment.author_id or not can_be_emailed(author):
        return None
    chosen = email_settings_for(author)
    if not chosen.wants(CommentEmail.NEW_COMMENTS):
        return None
    return _deliver(comment=comment, person=author, kind=CommentEmail.NEW_COMMENTS, chosen=chosen)


def _deliver(*, comment, person, kind, chosen):
    """Record the delivery, then queue the email; a second try for the same pair does nothing."""
    try:
        # A savepoint: the unique pair refuses a second delivery, from this transaction or from
        # one running at the same moment (on PostgreSQL, the later insert waits, then fails).
        with transaction.atomic():
            CommentDelivery.objects.create(comment=comment, user=person, kind=kind)
    except IntegrityError:
        return None
    return _queue(
        comment=comment,
        kind=kind,
        to=person.email,
        key=f"comment-email:{comment.pk}:{person.pk}",
        person=person,
        chosen=chosen,
    )


SUBJECTS = {
    CommentEmail.REPLIES: "{name} replied to your comment on “{title}”",
    CommentEmail.OFFICIAL_REPLIES: "An official reply on “{title}”",
    CommentEmail.NEW_COMMENTS: "New comment on “{title}” from {name}",
}
OFFICIAL_REPLY_SUBJECT = "An official reply to your comment on “{title}”"


def unsubscribe_url(chosen, kind):
    """Return the complete one-click address that turns one kind of email off."""
    path = reverse(
        "alerts:comment-unsubscribe", kwargs={"kind": kind, "token": chosen.unsubscribe_token}
    )
    return absolute_url(path)


def _queue(*, comment, kind, to, key, person, chosen):
    post = comment.post
    context = {
        "blog_title": settings.CEOBLOG_TITLE,
        "kind": kind,
        "person": person,
        "comment": comment,
        "post": post,
        "comment_url": absolute_url(comment.get_absolute_url()),
        "post_url": absolute_url(post.get_absolute_url()),
        "settings_url": absolute_url(reverse("alerts:follow") + "#comment-emails-heading"),
        "is_pending": comment.is_pending,
        "queue_url": absolute_url(
            reverse("admin:comments_comment_changelist") + "?status__exact=pending"
        ),
    }
    headers = {}
    if chosen is not None:
        stop = unsubscribe_url(chosen, kind)
        context["unsubscribe_url"] = stop
        # RFC 8058: mail programs may offer their own one-click unsubscribe button.
        headers = {
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    template = f"alerts/email_comment_{kind.replace('-', '_')}"
    subject = SUBJECTS[kind]
    if kind == CommentEmail.REPLIES and comment.is_official:
        subject = OFFICIAL_REPLY_SUBJECT
    return mail_queue(
        subject=subject.format(name=comment.author_name, title=post.title),
        body=render_to_string(f"{template}.txt", context),
        html_body=render_to_string(f"{template}.html", context),
        to=[to],
        key=key,
        headers=headers,
    )

"""Email new posts to subscribers, each post to each person at most once."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alerts.models import Delivery, Subscription
from posts.links import absolute_url, from_alert
from posts.models import Post

logger = logging.getLogger(__name__)


@dataclass
class SendReport:
    immediate: int = 0
    digests: int = 0
    failed: int = 0


def is_digest_due(*, subscription, now):
    """Say whether a weekly subscriber's digest is due: the digest weekday, not yet sent today."""
    today = timezone.localtime(now).date()
    if today.weekday() != settings.CEOBLOG_ALERTS_DIGEST_WEEKDAY:
        return False
    last = subscription.last_digest_at
    return last is None or timezone.localtime(last).date() < today


def pending_posts(*, subscription):
    """Return the published posts the subscriber has not been sent, oldest first."""
    return (
        Post.objects.published()
        .filter(published_at__gte=subscription.created_at)
        .exclude(alert_deliveries__subscription=subscription)
        .select_related("author")
        .order_by("published_at", "id")
    )


def alerts_send(*, now=None):
    """Send immediate alerts and due weekly digests; safe to run while another run is going."""
    now = now or timezone.now()
    report = SendReport()
    candidates = (
        Subscription.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # A hung mail server makes each send give up after EMAIL_TIMEOUT seconds, not hang the run.
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        connection.open()
    except OSError:
        # Nothing was sent or recorded: every subscriber is tried again on the next run.
        logger.exception("Could not reach the mail server; post alerts wait for the next run.")
        report.failed += 1
        return report
    try:
        for pk in list(candidates):
            try:
                _send_to_subscriber(pk, now=now, connection=connection, report=report)
            except Exception:
                # One bad address or a mail server hiccup must not stop everyone else's alerts;
                # the transaction rolled back, so this subscriber is tried again next run.
                logger.exception("Could not send post alerts to subscription %s", pk)
                report.failed += 1
    finally:
        connection.close()
    return report


def _send_to_subscriber(pk, *, now, connection, report):
    # The row lock is held while sending: an overlapping run skips this subscriber rather than
    # waiting, and the unique (subscription, post) delivery row is the last line of defence.
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=pk)
            .first()
        )
        if subscription is None:
            return
        if subscription.frequency == Subscription.Frequency.IMMEDIATE:
            for post in pending_posts(subscription=subscription):
                Delivery.objects.create(subscription=subscription, post=post, sent_at=now)
                email_send(post_alert_message(subscription=subscription, post=post), connection)
                report.immediate += 1
        elif is_digest_due(subscription=subscription, now=now):
            posts = list(pending_posts(subscription=subscription))
            if posts:
                Delivery.objects.bulk_create(
                    Delivery(subscription=subscription, post=post, sent_at=now) for post in posts
                )
                email_send(digest_message(subscription=subscription, posts=posts), connection)
                report.digests += 1
            subscription.last_digest_at = now
            subscription.save(update_fields=["last_digest_at"])


def email_send(message, connection):
    """Send one message over the run's connection."""
    message.connection = connection
    message.send()


def _message(*, subscription, subject, template, context):
    unsubscribe_url = absolute_url(
        reverse("alerts:unsubscribe", kwargs={"token": subscription.unsubscribe_token})
    )
    context = {
        **context,
        "blog_title": settings.CEOBLOG_TITLE,
        "user": subscription.user,
        "unsubscribe_url": unsubscribe_url,
        "follow_url": absolute_url(reverse("alerts:follow")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/{template}.txt", context),
        to=[subscription.user.email],
        headers={
            # RFC 8058: mail programs may offer their own one-click unsubscribe button.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"alerts/{template}.html", context), "text/html")
    return message


def post_alert_message(*, subscription, post):
    """Return the email telling a subscriber about one new post."""
    return _message(
        subscription=subscription,
        subject=f"New on {settings.CEOBLOG_TITLE}: {post.title}",
        template="email_post",
        context={"post": post, "post_url": from_alert(absolute_url(post.get_absolute_url()))},
    )


def digest_message(*, subscription, posts):
    """Return the weekly email listing the posts a subscriber has not been sent."""
    entries = [
        {"post": post, "url": from_alert(absolute_url(post.get_absolute_url()))} for post in posts
    ]
    count = f"{len(posts)} new post{'s' if len(posts) > 1 else ''}"
    return _message(
        subscription=subscription,
        subject=f"This week on {settings.CEOBLOG_TITLE}: {count}",
        template="email_digest",
        context={"entries": entries},
    )

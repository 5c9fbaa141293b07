"""Queue mail in the request, send it outside: a slow or broken mail server never slows a page."""

import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from outbox.models import QueuedMail

logger = logging.getLogger(__name__)

# A message that still fails after this many tries is left for a person to look at.
MAX_ATTEMPTS = 8
CLAIM = timedelta(minutes=5)


def header_safe(text, length=250):
    """Return text fit for a subject line: no line breaks or other control characters."""
    cleaned = "".join(
        " " if ch in "\r\n\t\x0b\x0c" or ord(ch) < 32 or ch == "\x7f" else ch for ch in str(text)
    )
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= length else cleaned[: length - 1] + "…"


def mail_queue(*, subject, body, to, html_body="", key=None, headers=None):
    """Queue one email to the addresses in to; return the row, or None when there is nobody.

    It is written in the caller's transaction: if the change that caused it is rolled back, so is
    the email. With a key already queued, nothing new is queued.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    fields = {
        "subject": header_safe(subject),
        "body": body,
        "html_body": html_body,
        "to": recipients,
        "headers": {name: header_safe(value, 2000) for name, value in (headers or {}).items()},
        "next_attempt_at": timezone.now(),
    }
    if key is None:
        return QueuedMail.objects.create(**fields)
    try:
        with transaction.atomic():
            return QueuedMail.objects.create(key=key, **fields)
    except IntegrityError:
        return QueuedMail.objects.get(key=key)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0


def _claim(message, now):
    claimed = QueuedMail.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), pk=message.pk, sent_at=None
    ).update(claimed_until=now + CLAIM)
    return claimed == 1


def mail_deliver(*, now=None, limit=500):
    """Send the messages that are due; safe to run while another run is going."""
    now = now or timezone.now()
    report = DeliveryReport()
    due = list(
        QueuedMail.objects.filter(
            sent_at=None, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS
        ).order_by("next_attempt_at", "id")[:limit]
    )
    if not due:
        return report
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        for message in due:
            if not _claim(message, now):
                continue
            email = EmailMultiAlternatives(
                message.subject,
                message.body,
                None,
                message.to,
                connection=connection,
                headers=message.headers or None,
            )
            if message.html_body:
                email.attach_alternative(message.html_body, "text/html")
            try:
                email.send()
            except Exception as exc:  # noqa: BLE001 - any failure is kept for the next try
                attempts = message.attempts + 1
                QueuedMail.objects.filter(pk=message.pk).update(
                    attempts=attempts,
                    next_attempt_at=now + timedelta(minutes=2 ** min(attempts, 8)),
                    claimed_until=None,
                    last_error=f"{type(exc).__name__}: {exc}"[:2000],
                )
                report.failed += 1
                logger.warning("Could not send queued mail %s: %s", message.pk, exc)
                # The server is down or hung: the rest would fail the same way, one timeout each.
                break
            QueuedMail.objects.filter(pk=message.pk).update(
                sent_at=timezone.now(), attempts=message.attempts + 1, claimed_until=None
            )
            report.sent += 1
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return report

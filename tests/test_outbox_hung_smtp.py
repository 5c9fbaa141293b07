"""A mail server that accepts connections and never answers never slows or fails a page.

Held comments queue their moderators' email; the sender gives up on the hung server within
EMAIL_TIMEOUT and keeps every message; once the server works, each is sent exactly once.
"""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alerts.sending import alerts_send
from comments.models import Comment
from outbox.models import QueuedMail
from outbox.services import mail_deliver
from tests.helpers import make_post, make_subscription
from tests.smtp_fakes import hung_smtp_server, working_smtp_server

# They time the mail server's timeouts: run alone, after the rest (make test, -m timing).
pytestmark = pytest.mark.timing

TIMEOUT = 2
MODERATORS = ["mo@council.example", "office@council.example"]


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = TIMEOUT
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    settings.CEOBLOG_MODERATOR_EMAILS = MODERATORS
    settings.CEOBLOG_COMMENTS_PER_MINUTE = 0
    return settings


# Transactional, so that mail sent "after the commit" (the old way) would really be sent.
@pytest.mark.django_db(transaction=True)
def test_twenty_held_comments_while_the_mail_server_hangs(smtp_settings, reader_client, capsys):
    post = make_post(title="Library opening hours")
    url = reverse("comments:create", kwargs={"post_id": post.pk})
    with hung_smtp_server() as hung_port:
        smtp_settings.EMAIL_PORT = hung_port
        statuses, seconds = [], []
        for number in range(1, 21):
            started = time.monotonic()
            response = reader_client.post(url, {"body": f"Question number {number} for you"})
            seconds.append(time.monotonic() - started)
            statuses.append(response.status_code)
        assert statuses == [303] * 20
        assert max(seconds) < 1.0, seconds
        assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 20
        assert QueuedMail.objects.filter(sent_at=None).count() == 20

        started = time.monotonic()
        call_command("send_queued_mail")
        took = time.monotonic() - started
        assert took < TIMEOUT + 1.5, took
        assert "Sent 0 email(s); 1 failed and will be retried." in capsys.readouterr().out
        # Every message is kept; the one tried is retried later, with the reason recorded.
        assert QueuedMail.objects.filter(sent_at=None).count() == 20
        tried = QueuedMail.objects.get(attempts=1)
        assert "timed out" in tried.last_error.lower()

    with working_smtp_server() as server:
        smtp_settings.EMAIL_PORT = server.port
        later = timezone.now() + timedelta(hours=1)
        assert mail_deliver(now=later).sent == 20
        assert mail_deliver(now=later + timedelta(hours=1)).sent == 0
    bodies = [message.get_payload(decode=True).decode() for _, _, message in server.received]
    for number in range(1, 21):
        assert sum(f"Question number {number} for you" in body for body in bodies) == 1
    assert all(sorted(to) == MODERATORS for _, to, _ in server.received)
    subjects = {message["Subject"] for _, _, message in server.received}
    assert subjects == {"Comment awaiting moderation: Library opening hours"}
    assert QueuedMail.objects.filter(sent_at=None).count() == 0


@pytest.mark.django_db
def test_post_alerts_give_up_on_a_hung_mail_server_within_the_timeout(smtp_settings):
    smtp_settings.CEOBLOG_SITE_URL = "https://intranet.example.gov.uk"
    make_subscription()
    make_post(title="Bin collections over the holidays")
    with hung_smtp_server() as hung_port:
        smtp_settings.EMAIL_PORT = hung_port
        started = time.monotonic()
        report = alerts_send()
        took = time.monotonic() - started
    assert report.failed == 1
    assert took < TIMEOUT + 1.5, took

"""Outgoing mail in the admin: IT sees what waits and why, and can have a message tried again."""

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from outbox.models import QueuedMail
from outbox.services import MAX_ATTEMPTS, mail_deliver, mail_queue
from tests.helpers import client_as, make_user

pytestmark = pytest.mark.django_db

LIST = "/admin/outbox/queuedmail/"


@pytest.fixture
def it_client():
    return client_as(make_user("ivy", is_staff=True, is_superuser=True))


def test_the_list_says_what_waits_what_gave_up_and_why(it_client):
    waiting = mail_queue(subject="Held comment on roads", body="Look.", to=["mo@council.example"])
    stuck = mail_queue(subject="Held comment on parks", body="Look.", to=["mo@council.example"])
    QueuedMail.objects.filter(pk=stuck.pk).update(
        attempts=MAX_ATTEMPTS, last_error="SMTPServerDisconnected: timed out"
    )
    page = it_client.get(LIST, {"state": "given_up"})
    assert page.status_code == 200
    assert "Held comment on parks" in page.text
    assert "SMTPServerDisconnected: timed out" in page.text
    assert "Held comment on roads" not in page.text
    assert waiting.subject in it_client.get(LIST, {"state": "waiting"}).text


def test_trying_again_resets_a_message_that_gave_up_and_is_recorded(it_client):
    stuck = mail_queue(subject="Held comment on parks", body="Look.", to=["mo@council.example"])
    QueuedMail.objects.filter(pk=stuck.pk).update(attempts=MAX_ATTEMPTS)
    assert mail_deliver().sent == 0
    response = it_client.post(LIST, {"action": "send_again", "_selected_action": [stuck.pk]})
    assert response.status_code == 302
    assert mail_deliver(now=timezone.now()).sent == 1
    [row] = AuditEvent.objects.filter(action="outbox.retry")
    assert (row.actor_name, row.object_repr) == ("ivy", "Held comment on parks")


def test_nobody_edits_or_deletes_queued_mail(it_client):
    message = mail_queue(subject="Held comment", body="Look.", to=["mo@council.example"])
    change = f"{LIST}{message.pk}/change/"
    assert it_client.get(change).status_code == 200
    assert it_client.post(change, {"subject": "Changed"}).status_code == 403
    assert it_client.post(f"{LIST}{message.pk}/delete/", {"post": "yes"}).status_code == 403
    assert QueuedMail.objects.get().subject == "Held comment"

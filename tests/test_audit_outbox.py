"""The audit log's rows and the outgoing-mail queue that other parts of the site build on."""

import smtplib

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from audit.addresses import client_address
from audit.models import AuditEvent
from audit.services import events_for, record
from outbox.models import QueuedMail
from outbox.services import header_safe, mail_deliver, mail_queue
from tests.helpers import make_post, make_user


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_the_client_address_is_read_through_trusted_proxies_only(settings):
    settings.CEOBLOG_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request_from("192.0.2.7", "203.0.113.9")) == "192.0.2.7"
    assert client_address(request_from("10.0.0.2", "203.0.113.9")) == "203.0.113.9"
    # A client's own X-Forwarded-For is to the left of what the trusted proxy added.
    assert client_address(request_from("10.0.0.2", "198.51.100.1, 203.0.113.9")) == "203.0.113.9"
    assert client_address(request_from("10.0.0.2", "203.0.113.9, 10.0.0.3")) == "203.0.113.9"
    assert client_address(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"


@pytest.mark.django_db
def test_a_recorded_action_names_who_what_when_and_from_where(settings):
    settings.CEOBLOG_TRUSTED_PROXIES = ["10.0.0.0/8"]
    editor = make_user("eve.editor")
    post = make_post(title="Budget week")
    request = request_from("10.0.0.2", "203.0.113.9")
    request.user = editor
    record("post.publish", obj=post, message="Published.", request=request)
    [event] = events_for(post)
    assert (event.actor, event.actor_name, event.action) == (editor, "eve.editor", "post.publish")
    assert (event.object_repr, event.address, event.message) == (
        "Budget week",
        "203.0.113.9",
        "Published.",
    )


@pytest.mark.django_db
def test_each_django_admin_log_entry_becomes_an_audit_row():
    editor = make_user("eve.editor")
    post = make_post(title="Budget week")
    LogEntry.objects.log_actions(editor.pk, [post], CHANGE, change_message="Changed title.")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == ("admin.change", editor, str(post.pk))
    assert event.message == "Changed title."


@pytest.mark.django_db
def test_queued_mail_is_sent_once_by_the_command_even_if_queued_twice():
    mail_queue(
        subject="Approve “Budget\r\nweek”", body="Please look.", to=["ceo@example.org"], key="k1"
    )
    mail_queue(subject="Approve again", body="Please look.", to=["ceo@example.org"], key="k1")
    assert len(mail.outbox) == 0
    assert mail_deliver().sent == 1
    assert mail_deliver().sent == 0
    [sent] = mail.outbox
    assert sent.subject == "Approve “Budget week”"
    assert sent.to == ["ceo@example.org"]


@pytest.mark.django_db
def test_mail_that_fails_is_kept_and_retried_later(settings, monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("the server went away")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    mail_queue(subject="Held comment", body="Look.", to=["mod@example.org"])
    report = mail_deliver()
    assert (report.sent, report.failed) == (0, 1)
    message = QueuedMail.objects.get()
    assert message.sent_at is None
    assert message.attempts == 1
    assert "went away" in message.last_error
    monkeypatch.undo()
    assert mail_deliver(now=timezone.now()).sent == 0  # not due yet
    assert mail_deliver(now=message.next_attempt_at).sent == 1


def test_header_safe_removes_line_breaks_and_control_characters():
    assert header_safe("A\r\nBcc: x@example.org\x00") == "A Bcc: x@example.org"


@pytest.mark.django_db
def test_publishing_is_recorded_and_a_registered_gate_can_refuse_it(monkeypatch):
    from django.core.exceptions import ValidationError

    from posts import workflow
    from posts.models import Post

    editor = make_user("eve.editor", perms=["posts.publish_post", "posts.change_post"])
    post = make_post(title="Budget week", status=Post.Status.DRAFT)
    monkeypatch.setattr(workflow, "_publish_gates", [])

    def refuse(*, post, user, action):
        raise ValidationError(f"Not yet: {action}.")

    workflow.publish_gate_register(refuse)
    with pytest.raises(ValidationError, match="Not yet: publish."):
        workflow.post_publish(post=post, user=editor)
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert not events_for(post).exists()

    monkeypatch.setattr(workflow, "_publish_gates", [])
    workflow.post_publish(post=post, user=editor)
    assert [(e.action, e.actor_name) for e in events_for(post)] == [("post.publish", "eve.editor")]

"""Approval (issue 14, part 1): submit, request changes, approve, and the gate on publishing."""

import os
import re
import smtplib
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalStep
from approvals.roles import APPROVERS
from audit.models import AuditEvent
from outbox.models import QueuedMail
from outbox.services import mail_deliver
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.helpers import make_post, make_user, post_form_data

# Approval is on for every test here (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.approval_required]

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://ceoblog.council.example"
NOT_APPROVED = "This post needs approval before it goes out"
CHANGED_SINCE = "This change needs approval"
HANG_SECONDS = 5


@pytest.fixture(autouse=True)
def approvals_site_url(settings):
    settings.CEOBLOG_SITE_URL = SITE


@pytest.fixture
def writer_and_approver(db):
    call_command("setup_roles", verbosity=0)
    writer = make_user(
        "writer", first_name="Wren", last_name="Writer", email="wren@council.example", is_staff=True
    )
    writer.groups.add(Group.objects.get(name=COMMUNICATIONS))
    approver = make_user(
        "chief", first_name="Cass", last_name="Chief", email="cass@council.example", is_staff=True
    )
    approver.groups.add(Group.objects.get(name=APPROVERS))
    return writer, approver


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def review_url(post):
    return reverse("admin:approvals_review", args=[post.pk])


def client_for(client, user):
    client.force_login(user)
    return client


def draft_by(writer, **fields):
    post = make_post(status=Post.Status.DRAFT, author=writer, created_by=writer, **fields)
    return post


def submit(client, post, **changes):
    data = post_form_data(post, _save_draft="submit", **changes)
    return client.post(change_url(post), data, follow=True)


def decide(client, post, decision, note=""):
    page = client.get(review_url(post))
    fingerprint = page.context["fingerprint"]
    return client.post(
        review_url(post), {"decision": decision, "note": note, "fingerprint": fingerprint}
    )


def test_the_shipped_default_requires_approval():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CEOBLOG_"))}
    env.update(DJANGO_SETTINGS_MODULE="ceoblog.settings", DJANGO_DEBUG="true")
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.CEOBLOG_APPROVAL_REQUIRED)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_the_writer_sees_submit_for_approval_instead_of_publish(client, writer_and_approver):
    writer, _ = writer_and_approver
    post = draft_by(writer)
    page = client_for(client, writer).get(change_url(post)).text
    assert "Submit for approval" in page
    assert 'name="_publish"' not in page
    assert "Not yet submitted for approval" in page


def test_submitting_saves_the_draft_emails_approvers_once_and_records_it(
    client, writer_and_approver
):
    writer, approver = writer_and_approver
    post = draft_by(writer, title="Winter roads")
    response = submit(client_for(client, writer), post, title="Winter roads and gritting")
    assert response.status_code == 200
    assert "Submitted for approval. The approvers have been emailed" in response.text
    assert "Waiting for approval since" in response.text
    post.refresh_from_db()
    assert post.title == "Winter roads and gritting"
    assert post.status == Post.Status.DRAFT
    [queued] = QueuedMail.objects.all()
    assert queued.to == ["cass@council.example"]
    assert f"{SITE}/drafts/{post.pk}/" in queued.body
    assert f"{SITE}{review_url(post)}" in queued.body
    assert mail_deliver().sent == 1
    assert mail_deliver().sent == 0
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="approval.submit", actor=writer).count() == 1


def test_the_links_in_the_approvers_email_open_the_preview_and_the_review(
    client, writer_and_approver
):
    writer, approver = writer_and_approver
    post = draft_by(writer, title="Budget consultation")
    submit(client_for(client, writer), post)
    body = QueuedMail.objects.get().body
    client.force_login(approver)
    for link in re.findall(rf"{SITE}(\S+)", body):
        response = client.get(link)
        assert response.status_code == 200, link
        assert "Budget consultation" in response.text


def test_a_request_for_changes_needs_a_note_and_tells_the_team(client, writer_and_approver):
    writer, approver = writer_and_approver
    post = draft_by(writer, title="New depot")
    submit(client_for(client, writer), post)
    client.force_login(approver)
    empty = decide(client, post, "request_changes", note="   ")
    assert empty.status_code == 400
    assert "Say what needs to change" in empty.text
    assert not ApprovalStep.objects.filter(kind="changes_requested").exists()

    done = decide(client, post, "request_changes", note="Name the depot's street, please.")
    assert done.status_code == 302
    outcome = QueuedMail.objects.get(subject__startswith="Changes requested")
    assert outcome.to == ["wren@council.example"]
    assert "Name the depot's street, please." in outcome.body
    client.force_login(writer)
    box = client.get(change_url(post)).text
    assert "Changes requested by Cass Chief" in box
    assert "Name the depot&#x27;s street, please." in box


def test_notes_never_reach_readers(client, writer_and_approver):
    writer, approver = writer_and_approver
    post = make_post(title="Our values", body="<p>Kindness first.</p>")
    ApprovalStep.objects.create(
        post=post,
        kind="changes_requested",
        by=approver,
        at=timezone.now(),
        fingerprint="-",
        note="SECRET-NOTE-FOR-TEAM",
    )
    reader = make_user("reader-only")
    client.force_login(reader)
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert "SECRET-NOTE-FOR-TEAM" not in page.text


def test_publishing_is_refused_until_approved_then_allowed(client, writer_and_approver):
    writer, approver = writer_and_approver
    post = draft_by(writer, title="Spring clean")
    client_for(client, writer)
    refused = client.post(change_url(post), post_form_data(post, _publish="1"))
    assert refused.status_code == 200
    assert NOT_APPROVED in refused.text
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT

    client.force_login(approver)
    assert decide(client, post, "approve").status_code == 302
    client.force_login(writer)
    assert "Approved by Cass Chief on" in client.get(change_url(post)).text
    published = client.post(change_url(post), post_form_data(post, _publish="1"), follow=True)
    assert "Readers can see it now" in published.text
    post.refresh_from_db()
    assert post.is_published


def test_a_change_after_approval_withdraws_it_and_the_approver_sees_the_words(
    client, writer_and_approver
):
    writer, approver = writer_and_approver
    post = draft_by(writer, title="Bins", body="<p>Collections move to Tuesday.</p>")
    client.force_login(approver)
    decide(client, post, "approve")
    client.force_login(writer)
    client.post(
        change_url(post),
        post_form_data(post, body="<p>Collections move to Wednesday.</p>", _save_draft="1"),
    )
    box = client.get(change_url(post)).text
    assert "Approval withdrawn: changed since it was approved" in box
    refused = client.post(
        change_url(post), post_form_data(Post.objects.get(pk=post.pk), _publish="1")
    )
    assert NOT_APPROVED in refused.text

    client.force_login(approver)
    review = client.get(review_url(post)).text
    assert '<del><span class="visually-hidden">[removed: </span>Tuesday.' in review
    assert '<ins><span class="visually-hidden">[added: </span>Wednesday.' in review


def test_forged_posts_and_bulk_actions_cannot_publish_an_unapproved_post(
    client, writer_and_approver
):
    writer, _ = writer_and_approver
    post = draft_by(writer, title="Forged")
    client_for(client, writer)
    # A writer who is not an approver forges the approver's "Approve and publish" button.
    forged = client.post(change_url(post), post_form_data(post, _publish="approve"))
    assert NOT_APPROVED in forged.text
    bulk = client.post(
        reverse("admin:posts_post_changelist"),
        {"action": "publish_selected", "_selected_action": [post.pk]},
        follow=True,
    )
    assert "Not changed, “Forged”" in bulk.text
    schedule = post_form_data(
        post,
        _publish="1",
        published_at_0=(timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d"),
        published_at_1="09:00",
    )
    assert NOT_APPROVED in client.post(change_url(post), schedule).text
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert not ApprovalStep.objects.exists()


def test_a_live_post_keeps_its_unapproved_changes_out(client, writer_and_approver):
    writer, approver = writer_and_approver
    post = make_post(title="Live one", body="<p>Old words.</p>", author=writer)
    client_for(client, writer)
    # Tags and comments may change without approval: nothing new goes out in anyone's name.
    tags_only = client.post(change_url(post), post_form_data(post, tags="roads", _update="1"))
    assert tags_only.status_code == 302
    changed = client.post(
        change_url(post), post_form_data(post, body="<p>New words.</p>", _update="1")
    )
    assert changed.status_code == 200
    assert CHANGED_SINCE in changed.text
    post.refresh_from_db()
    assert post.body == "<p>Old words.</p>"


def test_an_approver_who_publishes_can_approve_and_publish_in_one_press(
    client, writer_and_approver
):
    _, approver = writer_and_approver
    approver.user_permissions.add(*Group.objects.get(name=COMMUNICATIONS).permissions.all())
    post = draft_by(approver, title="From the chief")
    client_for(client, approver)
    box = client.get(change_url(post)).text
    assert "Approve and publish" in box
    response = client.post(change_url(post), post_form_data(post, _publish="approve"), follow=True)
    assert "Readers can see it now" in response.text
    post.refresh_from_db()
    assert post.is_published
    [step] = ApprovalStep.objects.filter(post=post)
    assert (step.kind, step.by, step.note) == ("approved", approver, "Approved while publishing.")


def test_a_scheduled_post_changed_by_restoring_a_version_leaves_the_schedule(
    client, writer_and_approver
):
    writer, approver = writer_and_approver
    post = draft_by(writer, title="Scheduled", body="<p>First words.</p>")
    ApprovalStep.objects.all().delete()
    client.force_login(approver)
    decide(client, post, "approve")
    post.refresh_from_db()
    post.status, post.published_at = Post.Status.PUBLISHED, timezone.now() + timedelta(hours=1)
    post.save()
    # Any path that bypasses the form (a restored version, the shell) and changes the content.
    post.body = "<p>Words nobody approved.</p>"
    post.save()
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert post.published_at is None
    assert AuditEvent.objects.filter(action="approval.withdrawn", object_id=str(post.pk)).exists()


def test_restoring_words_nobody_approved_onto_a_live_post_is_refused(client, writer_and_approver):
    from reversion.models import Version

    writer, approver = writer_and_approver
    approver.user_permissions.add(*Group.objects.get(name=COMMUNICATIONS).permissions.all())
    post = draft_by(approver, title="Depot visit", body="<p>Words the chief never saw.</p>")
    client_for(client, approver)
    client.post(change_url(post), post_form_data(post, _save_draft="1"))
    post.refresh_from_db()
    client.post(
        change_url(post),
        post_form_data(post, body="<p>Approved words.</p>", _publish="approve"),
    )
    post.refresh_from_db()
    assert post.is_published
    older = Version.objects.get_for_object(post).order_by("pk").first()
    client_for(client, writer)
    response = client.post(
        reverse("admin:posts_post_revision", args=[post.pk, older.pk]),
        post_form_data(post, body="<p>Words the chief never saw.</p>", _restore="1"),
    )
    assert response.status_code == 200
    assert "This post needs approval before it goes out" in response.text
    post.refresh_from_db()
    assert (post.is_published, post.body) == (True, "<p>Approved words.</p>")


def test_approval_off_publishes_at_once(client, writer_and_approver, settings):
    settings.CEOBLOG_APPROVAL_REQUIRED = False
    writer, _ = writer_and_approver
    post = draft_by(writer, title="No approval")
    page = client_for(client, writer).get(change_url(post)).text
    assert "Submit for approval" not in page
    client.post(change_url(post), post_form_data(post, _publish="1"))
    post.refresh_from_db()
    assert post.is_published


def test_the_review_page_refuses_a_decision_on_content_that_changed_while_reading(
    client, writer_and_approver
):
    writer, approver = writer_and_approver
    post = draft_by(writer, title="Moving target")
    client.force_login(approver)
    fingerprint = client.get(review_url(post)).context["fingerprint"]
    Post.objects.filter(pk=post.pk).update(title="Moved target")
    response = client.post(
        review_url(post), {"decision": "approve", "note": "", "fingerprint": fingerprint}
    )
    assert response.status_code == 409
    assert "The post changed while you were reading it" in response.text
    assert not ApprovalStep.objects.filter(kind="approved").exists()


def test_the_post_list_and_dashboard_say_what_waits_for_whom(client, writer_and_approver):
    writer, approver = writer_and_approver
    waiting = draft_by(writer, title="Waiting one")
    sent_back = draft_by(writer, title="Sent back one")
    draft_by(writer, title="Untouched one")
    submit(client_for(client, writer), waiting)
    submit(client, sent_back)
    client.force_login(approver)
    decide(client, sent_back, "request_changes", note="Shorter, please.")

    home = client.get(reverse("admin:index")).text
    assert "Posts waiting for your approval (1)" in home
    mine = client.get(reverse("admin:posts_post_changelist"), {"approval": "waiting"})
    assert [p.title for p in mine.context["cl"].result_list] == ["Waiting one"]
    assert "Waiting for my approval" in mine.text

    client.force_login(writer)
    home = client.get(reverse("admin:index")).text
    assert "Posts with changes requested (1)" in home
    assert "Posts waiting for your approval" not in home
    listing = client.get(reverse("admin:posts_post_changelist")).text
    assert "Changes requested" in listing
    assert "Not submitted" in listing


class BrokenMailServer(BaseEmailBackend):
    """A mail server that hangs for a while and then fails, counting each time it is used."""

    used = 0

    def send_messages(self, email_messages):
        BrokenMailServer.used += 1
        time.sleep(HANG_SECONDS)
        raise smtplib.SMTPServerDisconnected("The mail server went away.")


@pytest.mark.timing
def test_a_failing_mail_server_neither_fails_nor_slows_submitting(
    client, writer_and_approver, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    BrokenMailServer.used = 0
    writer, _ = writer_and_approver
    post = draft_by(writer)
    started = time.monotonic()
    response = submit(client_for(client, writer), post)
    elapsed = time.monotonic() - started
    print(f"\nSubmit for approval with the mail server down: {elapsed * 1000:.0f} ms")
    assert response.status_code == 200
    assert "Submitted for approval" in response.text
    assert BrokenMailServer.used == 0
    assert elapsed < HANG_SECONDS
    # Sent later, outside any request: the failure is kept for the next try.
    assert mail_deliver().failed == 1
    assert BrokenMailServer.used == 1
    assert QueuedMail.objects.get().sent_at is None


def test_submitting_with_no_approvers_says_nobody_was_emailed(client, writer_and_approver):
    writer, approver = writer_and_approver
    approver.groups.clear()
    response = submit(client_for(client, writer), draft_by(writer))
    assert "nobody is in the Approvers group with an email address" in response.text
    assert not QueuedMail.objects.exists()


def test_an_approver_approving_their_own_post_is_not_emailed_about_it(client, writer_and_approver):
    writer, approver = writer_and_approver
    post = draft_by(writer, title="Own post")
    post.created_by = approver
    post.save()
    submit(client_for(client, writer), post)
    client.force_login(approver)
    decide(client, post, "approve")
    outcome = QueuedMail.objects.get(subject__startswith="Approved")
    assert outcome.to == ["wren@council.example"]


def test_the_demo_journey_submit_approve_publish_works(client):
    call_command("load_demo", verbosity=0)
    editor = get_user_model().objects.get(username="editor")
    office = get_user_model().objects.get(username="office")
    admin_user = get_user_model().objects.get(username="admin")
    post = draft_by(editor, title="Demo approval")
    submit(client_for(client, editor), post)
    assert QueuedMail.objects.get().to == ["office@ceoblog.example"]
    client.force_login(office)
    assert "Posts waiting for your approval (1)" in client.get(reverse("admin:index")).text
    assert decide(client, post, "approve").status_code == 302
    client.force_login(editor)
    client.post(change_url(post), post_form_data(Post.objects.get(pk=post.pk), _publish="1"))
    assert Post.objects.get(pk=post.pk).is_published

    # The demo administrator, a superuser, approves and publishes their own post in one press.
    own = draft_by(admin_user, title="Admin's own")
    client.force_login(admin_user)
    assert "Approve and publish" in client.get(change_url(own)).text
    client.post(change_url(own), post_form_data(own, _publish="approve"))
    assert Post.objects.get(pk=own.pk).is_published


def test_the_approval_column_adds_no_query_per_post(client, writer_and_approver):
    writer, _ = writer_and_approver
    client_for(client, writer)

    def queries_for_the_list():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("admin:posts_post_changelist")).status_code == 200
        return len(captured)

    for number in range(3):
        submit(client, draft_by(writer, title=f"Few {number}"))
    few = queries_for_the_list()
    for number in range(12):
        submit(client, draft_by(writer, title=f"Many {number}"))
    assert queries_for_the_list() == few


def test_approve_and_update_approves_a_live_post_that_was_never_approved(
    client, writer_and_approver
):
    _, approver = writer_and_approver
    approver.user_permissions.add(*Group.objects.get(name=COMMUNICATIONS).permissions.all())
    post = make_post(title="Published before approval existed", author=approver)
    client_for(client, approver)
    assert "Not yet submitted for approval" in client.get(change_url(post)).text
    response = client.post(change_url(post), post_form_data(post, _update="approve"), follow=True)
    assert "Post updated." in response.text
    assert "Approved by Cass Chief on" in response.text
    assert ApprovalStep.objects.get(post=post).kind == "approved"

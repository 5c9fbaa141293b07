"""Approval's whole cycle in Chromium (issue 14): write, submit, request changes, edit, submit,
approve, a change that withdraws the approval, approve again, schedule, go live; with axe-core
and the Content Security Policy watching every new page and state, and the emails followed.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import roles_set_up
from approvals.roles import APPROVERS
from approvals.services import approval_submit
from outbox.services import mail_deliver
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.browser import (
    RECORD_CSP_VIOLATIONS,
    axe_violations,
    csp_violations,
    let_the_editor_take_focus,
    sign_in,
)
from tests.helpers import make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Thank you, library volunteers"
FIRST_TEXT = "Our volunteers opened nine libraries on Saturdays this year."
MORE_TEXT = " Thousands of children joined the summer reading challenge."
LATE_TEXT = " Applications for next year open in March."
NOTE = "Please say how many children took part."


def clean(page, where):
    """Assert the page has no Content Security Policy or accessibility problem.

    The policy first: axe-core adds a style element of its own as it runs.
    """
    assert csp_violations(page) == [], where
    assert axe_violations(page) == [], where


def switch_to(page, user, live_server):
    page.context.clear_cookies()
    sign_in(page, user, live_server.url)


def approval_state(page):
    return page.locator("#approval-state").inner_text()


def type_into_the_text(page, words):
    page.locator(".writing-body [contenteditable=true]").click()
    let_the_editor_take_focus(page)
    page.keyboard.press("Control+End")
    page.keyboard.type(words)


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


@pytest.fixture
def approval_people(settings, live_server):
    settings.CEOBLOG_APPROVAL_REQUIRED = True
    settings.CEOBLOG_SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    roles_set_up()
    writer = make_user(
        "wren", first_name="Wren", last_name="Writer", email="wren@council.example", is_staff=True
    )
    writer.groups.add(Group.objects.get(name=COMMUNICATIONS))
    chief = make_user(
        "cass", first_name="Cass", last_name="Chief", email="cass@council.example", is_staff=True
    )
    chief.groups.add(Group.objects.get(name=APPROVERS))
    reader = make_user("robin", first_name="Robin", last_name="Reader")
    return writer, chief, reader


def test_the_whole_approval_cycle(page, live_server, approval_people, monkeypatch):
    writer, chief, reader = approval_people
    page.context.add_init_script(RECORD_CSP_VIOLATIONS)

    # Write and submit.
    switch_to(page, writer, live_server)
    page.goto(reverse("admin:posts_post_add"))
    page.get_by_label("Title", exact=True).fill(TITLE)
    type_into_the_text(page, FIRST_TEXT)
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Submit for approval").click()
    page.get_by_text("Submitted for approval. The approvers have been emailed").wait_for()
    assert approval_state(page).startswith("Waiting for approval since ")
    clean(page, "writing screen, waiting")
    post = Post.objects.get()

    # The approver is emailed once, and both links work.
    assert mail_deliver().sent == 1
    assert mail_deliver().sent == 0
    [to_chief] = mail.outbox
    assert to_chief.to == ["cass@council.example"]
    preview, review = links_in(to_chief)
    switch_to(page, chief, live_server)
    page.goto(preview)
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    page.goto(review)
    expect(page.get_by_role("heading", name="What it says (not approved before)")).to_be_visible()
    clean(page, "review page")

    # Request changes: the note is required.
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Say what needs to change")).to_be_visible()
    clean(page, "review page, note missing")
    page.get_by_label("Note to the team").fill(NOTE)
    page.get_by_role("button", name="Request changes").click()
    page.get_by_text("Changes requested. The team has been emailed your note.").wait_for()
    assert approval_state(page).startswith("Changes requested by Cass Chief")

    # The team reads the note in the publish box, edits and submits again.
    assert mail_deliver().sent == 1
    assert mail.outbox[-1].to == ["wren@council.example"]
    assert NOTE in mail.outbox[-1].body
    switch_to(page, writer, live_server)
    page.goto(links_in(mail.outbox[-1])[0])
    assert approval_state(page) == "Changes requested by Cass Chief"
    expect(page.get_by_label("The approver's note")).to_have_text(NOTE)
    clean(page, "writing screen, changes requested")
    type_into_the_text(page, MORE_TEXT)
    page.get_by_role("button", name="Submit for approval").click()
    page.get_by_text("Submitted for approval.").wait_for()

    # Approve.
    assert mail_deliver().sent == 1
    switch_to(page, chief, live_server)
    page.goto(links_in(mail.outbox[-1])[1])
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("Approved. The team has been told").wait_for()
    assert approval_state(page).startswith("Approved by Cass Chief on ")

    # A change after approval withdraws it; Publish goes until it is approved again.
    switch_to(page, writer, live_server)
    page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    assert approval_state(page).startswith("Approved by Cass Chief on ")
    expect(page.locator("#writing-publish-button")).to_be_visible()
    clean(page, "writing screen, approved")
    type_into_the_text(page, LATE_TEXT)
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved.").wait_for()
    assert approval_state(page) == "Approval withdrawn: changed since it was approved"
    expect(page.locator("#writing-publish-button")).to_have_count(0)
    clean(page, "writing screen, approval withdrawn")
    page.get_by_role("button", name="Submit for approval").click()
    page.get_by_text("Submitted for approval.").wait_for()

    # The approver sees just what changed since they approved it, and approves again.
    switch_to(page, chief, live_server)
    page.goto(reverse("admin:index"))
    page.get_by_role("link", name="Posts waiting for your approval (1)").click()
    page.wait_for_url("**approval=waiting")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    clean(page, "post list, waiting for my approval")
    page.goto(reverse("admin:approvals_review", args=[post.pk]))
    added = page.locator(".approval-review__changes ins")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("added: Applications for next year open in March.")
    clean(page, "review page with a difference")
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("Approved. The team has been told").wait_for()

    # Schedule for a little ahead, and it goes live at its time.
    switch_to(page, writer, live_server)
    page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    when = timezone.localtime() + timedelta(minutes=2)
    page.get_by_text("Publish immediately").click()
    box = page.get_by_role("region", name="Publish").get_by_role("group", name="Publication time")
    box.get_by_label("Date", exact=True).fill(f"{when:%Y-%m-%d}")
    box.get_by_label("Time", exact=True).fill(f"{when:%H:%M}")
    page.get_by_role("button", name="Schedule").click()
    page.get_by_text("It will appear by itself.").wait_for()
    post.refresh_from_db()
    assert post.is_scheduled
    clean(page, "writing screen, scheduled")
    address = post.get_absolute_url()

    switch_to(page, reader, live_server)
    assert page.goto(address).status == 404
    later = timezone.now() + timedelta(minutes=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert page.goto(address).status == 200
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("Please say how many")).to_have_count(0)

    # The record on the History page, and every email sent exactly once.
    switch_to(page, writer, live_server)
    page.goto(reverse("admin:posts_post_history", args=[post.pk]))
    record = page.locator("#post-record")
    expect(record).to_contain_text("Changes requested")
    expect(record).to_contain_text(NOTE)
    expect(record).to_contain_text("Scheduled")
    clean(page, "history page with the record")
    mail_deliver()
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == sorted(
        [f"For your approval: {TITLE}"] * 3
        + [f"Changes requested: {TITLE}", f"Approved: {TITLE}", f"Approved: {TITLE}"]
    )


def test_the_post_list_with_its_approval_column_fits_1280_pixels_and_passes_axe(
    page, live_server, approval_people
):
    writer, chief, _ = approval_people
    page.context.add_init_script(RECORD_CSP_VIOLATIONS)
    make_post(
        title="Budget consultation: what you told us about libraries, roads and bins",
        tags=["budget", "consultation", "libraries"],
        is_sticky=True,
    )
    waiting = make_post(status=Post.Status.DRAFT, title="Gritting routes for the winter")
    approval_submit(post=waiting, user=writer)
    for user in (writer, chief):
        switch_to(page, user, live_server)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(reverse("admin:posts_post_changelist"))
        expect(page.get_by_role("columnheader", name="Approval")).to_be_visible()
        results = page.locator("#changelist .results")
        assert results.evaluate("box => box.scrollWidth - box.clientWidth") == 0, user
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, user
        clean(page, f"post list for {user}")
        page.goto(reverse("admin:index"))
        clean(page, f"dashboard for {user}")

"""Unpublish at in Chromium: set it in the publish box, publish, read the state line, and see the
post leave the home page when its time comes. The box stays accessible and within the CSP."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import roles_set_up
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.actions import Actions
from tests.browser import (
    RECORD_CSP_VIOLATIONS,
    axe_violations,
    csp_violations,
    leave_quietly,
    sign_in,
)
from tests.helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Have your say on the library opening hours"
PARAGRAPH = "The consultation is open until Friday evening; every reply is read."


@pytest.fixture
def expiry_editor_page(page, live_server):
    roles_set_up()
    editor = make_user("comms", first_name="Eddie", last_name="Editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS))
    page.context.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, editor, live_server.url)
    yield page
    leave_quietly(page)


def in_half_an_hour():
    # Close enough that moving the clock past it keeps the editor and the reader signed in
    # (staff are signed out after an idle hour).
    moment = timezone.localtime(timezone.now() + timedelta(minutes=31))
    return moment.replace(second=0, microsecond=0)


def words(moment):
    return f"{moment:%A} {moment.day} {moment:%B %Y} at {moment:%H:%M}"


def writes_a_post(page, actions):
    page.goto(reverse("admin:posts_post_add"))
    page.locator(".writing-body [contenteditable=true]").wait_for()
    actions.fill(page.get_by_label("Title", exact=True), TITLE, "type the title")
    actions.click(page.locator(".writing-body [contenteditable=true]"), "click into the text")
    page.keyboard.type(PARAGRAPH)
    actions.note("type the text")


def chooses_unpublish_at(page, actions, moment):
    actions.click(page.get_by_text("Stays on the blog until moved to drafts"), "open Unpublish at")
    group = page.get_by_role("group", name="Unpublish at")
    actions.fill(group.get_by_label("Date", exact=True), f"{moment:%Y-%m-%d}", "type the date")
    actions.fill(group.get_by_label("Time", exact=True), f"{moment:%H:%M}", "type the time")


def test_sets_unpublish_at_publishes_and_the_post_leaves_the_home_page_at_its_time(
    expiry_editor_page, monkeypatch, live_server
):
    page, actions = expiry_editor_page, Actions()
    leaves = in_half_an_hour()

    writes_a_post(page, actions)
    chooses_unpublish_at(page, actions, leaves)
    expect(page.locator("#writing-unpublish-words")).to_contain_text("Leaves the blog on:")
    actions.click(page.get_by_role("button", name="Publish", exact=True), "Publish")

    page.get_by_text("Readers can see it now.").wait_for()
    print(f"\nPublish with an unpublish time: {actions}")
    post = Post.objects.get()
    assert post.unpublish_at == leaves
    state = page.locator("#writing-state").inner_text()
    assert state == (
        f"Published on {words(timezone.localtime(post.published_at))}"
        f" · Leaves the blog on {words(leaves)}"
    )
    assert actions.count == 7

    reader = Client()
    reader.force_login(make_user("reader"))
    page.goto("/")
    expect(page.get_by_role("link", name=TITLE).first).to_be_visible()
    assert TITLE in reader.get("/").text

    # The clock passes the unpublish time: the server notices with no job.
    real_now = timezone.now
    shift = leaves - real_now() + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: real_now() + shift)
    page.goto("/")
    expect(page.get_by_role("main")).not_to_contain_text(TITLE)
    home = reader.get("/")
    assert home.status_code == 200
    assert TITLE not in home.text
    assert reader.get(post.get_absolute_url()).status_code == 404

    page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    expect(page.locator("#writing-state")).to_contain_text(f"· Expired on {words(leaves)}")
    assert csp_violations(page) == []


def test_the_publish_box_with_unpublish_at_is_accessible_open_and_with_an_error(expiry_editor_page):
    page, actions = expiry_editor_page, Actions()
    writes_a_post(page, actions)
    chooses_unpublish_at(page, actions, in_half_an_hour())
    assert csp_violations(page) == []
    assert axe_violations(page) == []

    # A time already past: the message shows beside the field, which is marked invalid.
    past = timezone.localtime(timezone.now() - timedelta(days=1))
    group = page.get_by_role("group", name="Unpublish at")
    group.get_by_label("Date", exact=True).fill(f"{past:%Y-%m-%d}")
    page.get_by_role("button", name="Publish", exact=True).click()
    group = page.get_by_role("group", name="Unpublish at")
    expect(group).to_contain_text("Choose a time in the future for the post to leave the blog")
    expect(group.get_by_label("Date", exact=True)).to_have_attribute("aria-invalid", "true")
    assert not Post.objects.exists()
    # Before axe, which adds styles of its own to the page it checks.
    assert csp_violations(page) == []
    assert axe_violations(page) == []

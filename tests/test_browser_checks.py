"""The checks before publishing in Chromium: shown as the post is written, refusing Publish, and
overridden by an approver with a reason. No axe or CSP violation on the publish box."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import roles_set_up
from checks.models import CheckOverride
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.browser import (
    PHONE_WIDTH,
    RECORD_CSP_VIOLATIONS,
    axe_violations,
    csp_violations,
    html_errors,
    let_the_editor_take_focus,
    press_editor_button,
    screenshot,
    sign_in,
)
from tests.helpers import make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "<p>The budget papers for next year are out today. Please take a look at them.</p>"


def communications_approver():
    roles_set_up()
    user = make_user("lead", first_name="Lee", last_name="Lead", is_staff=True)
    user.groups.add(Group.objects.get(name=COMMUNICATIONS))
    user.user_permissions.add(Permission.objects.get(codename="approve_post"))
    return user


@pytest.fixture
def approver_page(page, live_server):
    page.context.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, communications_approver(), live_server.url)
    return page


def summary(page):
    return page.locator("#checks-summary")


def type_a_click_here_link(page):
    page.locator(".writing-body [contenteditable=true]").click()
    let_the_editor_take_focus(page)
    page.keyboard.press("Control+End")
    page.keyboard.type(" To read them, click here")
    for _ in "click here":
        page.keyboard.press("Shift+ArrowLeft")
    press_editor_button(page, "insert link")
    dialog = page.locator("dialog[open]")
    dialog.locator("input").first.fill("/budget/")
    dialog.locator("input").first.press("Enter")
    expect(page.locator(".writing-body [contenteditable=true] a")).to_have_text("click here")


def test_a_click_here_link_is_shown_refused_then_overridden_by_an_approver(approver_page):
    page = approver_page
    post = make_post(
        status=Post.Status.DRAFT, title="Budget papers", body=TEXT, excerpt="", tags=["budget"]
    )
    page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    expect(summary(page)).to_have_text("No problems to fix, 2 suggestions.")

    type_a_click_here_link(page)
    # Shown after typing pauses, without saving.
    expect(summary(page)).to_have_text("1 problem to fix, 2 suggestions.")
    finding = page.locator(".checks__finding--problem")
    expect(finding).to_contain_text("A link’s words do not say where it goes. “click here”")
    finding.locator("summary").click()
    expect(finding).to_contain_text("How to fix it:")
    post.refresh_from_db()
    assert "click here" not in post.body
    # The override waits for a refusal's reason; only approvers see it.
    expect(page.get_by_label("Approvers: why may this post go out")).to_be_visible()

    assert csp_violations(page) == []
    assert axe_violations(page) == []
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    assert axe_violations(page) == []
    # Saves checks-publish-box-375.png and -1280.png, ending at 1280 pixels wide.
    screenshot(page, "checks-publish-box")

    # (axe-core's own styles count as violations, so the policy is read before it runs.)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.get_by_text("Not published: the post has an accessibility problem")).to_be_visible()
    assert csp_violations(page) == []
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    # What was typed is still there, and still checked.
    expect(summary(page)).to_have_text("1 problem to fix, 2 suggestions.")

    page.get_by_label("Approvers: why may this post go out").fill(
        "The budget page is the only link; the team will reword it on Monday."
    )
    page.get_by_role("button", name="Override the checks and publish").click()
    expect(page.get_by_text("Readers can see it now.")).to_be_visible()
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert "click here" in post.body
    override = CheckOverride.objects.get(post=post)
    assert override.reason.startswith("The budget page is the only link")
    expect(page.locator(".checks")).to_contain_text("Overridden by an approver")
    assert csp_violations(page) == []
    assert axe_violations(page) == []


def test_the_publish_box_with_findings_passes_axe_and_the_policy_at_both_widths(
    approver_page, tmp_path
):
    page = approver_page
    body = (
        '<h2>Plans</h2><h4>Roads</h4><p><img src="/static/x.png" alt="IMG_0001.jpg"></p>'
        '<p>WE WILL UTILISE THE HALL for the event. <a href="https://westshire.example/">'
        "https://westshire.example/</a></p>"
    )
    post = make_post(status=Post.Status.DRAFT, title="A" * 70, body=body)
    for width in [1280, PHONE_WIDTH]:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(reverse("admin:posts_post_change", args=[post.pk]))
        # Saving renumbered the skipped heading (posts.tidy), so three problems remain.
        expect(summary(page)).to_have_text("3 problems to fix, 5 suggestions.")
        for disclosure in page.locator(".checks__finding summary").all():
            disclosure.click()
        assert csp_violations(page) == [], width
        assert axe_violations(page) == [], width
    # The Checks part as the server sends it, in a page of its own: the rest of the writing
    # screen is checked by the tests of its own parts.
    sent = page.request.get(reverse("admin:posts_post_change", args=[post.pk])).text()
    part = sent[
        sent.index('<section class="checks"') : sent.index(
            "</section>", sent.index('<section class="checks"')
        )
    ]
    document = (
        '<!DOCTYPE html><html lang="en"><head><title>Checks</title></head><body><form>'
        f"{part}</section></form></body></html>"
    )
    assert html_errors({"checks": document}, tmp_path) == {"checks": []}


def test_the_checks_follow_the_title_excerpt_and_tags_as_they_are_typed(approver_page):
    page = approver_page
    page.goto(reverse("admin:posts_post_add"))
    expect(summary(page)).to_have_text("No problems to fix, 3 suggestions.")
    page.get_by_label("Title", exact=True).fill("A" * 70)
    expect(summary(page)).to_have_text("No problems to fix, 4 suggestions.")
    expect(page.locator(".checks")).to_contain_text("The title has 70 characters")
    page.get_by_role("combobox", name="Tags", exact=True).fill("Budget,")
    expect(summary(page)).to_have_text("No problems to fix, 3 suggestions.")
    page.locator("#id_excerpt").fill("What the budget means for staff.")
    expect(summary(page)).to_have_text("No problems to fix, 2 suggestions.")
    # Nothing was saved on the way.
    assert not Post.objects.exists()

"""Moderators in Chromium: approve a held comment, reply, and close comments on one post.

Actions are counted with tests/actions.py from the moment the moderator is on the page they
start from (the queue, or the list of posts), as WordPress's journeys are counted from its
Comments and Posts screens.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import roles_set_up
from comments.models import Comment
from tests.actions import Actions
from tests.browser import (
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    RECORD_CSP_VIOLATIONS,
    axe_violations,
    csp_violations,
    sign_in,
)
from tests.helpers import make_comment, make_photo, make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HELD = "Could the gritting timetable go on the intranet?\nSeveral of us drive in at 6am."
# Today's way, with the bulk action: tick, choose the action, Go (and wait).
ACTIONS_BEFORE = 4


@pytest.fixture
def held_comment(db):
    post = make_post(title="Winter ready")
    reader = make_user("reader", first_name="Robin", last_name="Reader")
    make_comment(post=post, body="Thank you, crews.")
    return make_comment(post=post, author=reader, status=Comment.Status.PENDING, body=HELD)


@pytest.fixture
def moderator_page(page, live_server, group_moderator):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, group_moderator, live_server.url)
    return page


def check_page(page, name):
    """Assert zero axe-core and CSP violations at desktop and phone widths."""
    for width in (DESKTOP_WIDTH, PHONE_WIDTH):
        page.set_viewport_size({"width": width, "height": 900})
        found = axe_violations(page)
        assert found == [], f"{name} at {width} px: " + "; ".join(found)
    assert csp_violations(page) == [], name


def test_a_moderator_approves_a_held_comment_with_one_click(moderator_page, held_comment):
    page = moderator_page
    page.goto(reverse("admin:comments_comment_changelist"))
    expect(page.get_by_role("link", name="Awaiting moderation (1)")).to_be_visible()
    check_page(page, "the queue")
    page.set_viewport_size({"width": DESKTOP_WIDTH, "height": 900})
    page.evaluate("window.stillTheSamePage = true")

    actions = Actions()
    row = page.get_by_role("row").filter(has_text="Several of us drive in at 6am.")
    actions.click(row.get_by_role("button", name="Approve"), "Approve")
    done = "The comment by Robin Reader on “Winter ready” was approved."
    expect(page.get_by_role("status")).to_have_text(f"{done} Undo")
    # Decided where it is, without a new page; the keyboard stays on the comment.
    expect(row).to_contain_text("Approved by Morgan Moderator")
    expect(row.get_by_role("button", name="Approve")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.evaluate("document.activeElement.classList.contains('moderation-comment')")

    held_comment.refresh_from_db()
    assert held_comment.status == Comment.Status.APPROVED
    assert held_comment.moderated_by.username == "mo"
    assert actions.count == 1, str(actions)
    assert actions.count < ACTIONS_BEFORE
    print(f"approve a held comment: {actions}")
    check_page(page, "the queue after approving")

    # Undo puts it back, in one more click, and the list then holds it again.
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text("was put back to await moderation.")
    expect(row.get_by_role("button", name="Approve")).to_be_visible()
    held_comment.refresh_from_db()
    assert held_comment.status == Comment.Status.PENDING

    # After approving again, the queue no longer lists it once the page is loaded afresh.
    row.get_by_role("button", name="Approve").click()
    expect(row).to_contain_text("Approved by Morgan Moderator")
    page.reload()
    expect(page.get_by_text("Several of us drive in at 6am.")).to_have_count(0)
    expect(page.get_by_role("link", name="Awaiting moderation (0)")).to_be_visible()


def test_without_javascript_each_button_still_takes_one_click(
    chromium, live_server, group_moderator, held_comment
):
    with chromium.new_context(base_url=live_server.url, java_script_enabled=False) as context:
        page = context.new_page()
        sign_in(page, group_moderator, live_server.url)
        page.goto(reverse("admin:comments_comment_changelist"))
        actions = Actions()
        row = page.get_by_role("row").filter(has_text="Several of us drive in at 6am.")
        actions.click(row.get_by_role("button", name="Spam"), "Spam")
        expect(
            page.get_by_text("The comment by Robin Reader on “Winter ready” was marked as spam.")
        ).to_be_visible()
        expect(page.get_by_text("Several of us drive in at 6am.")).to_have_count(0)
        assert actions.count == 1
        held_comment.refresh_from_db()
        assert held_comment.status == Comment.Status.SPAM
        page.get_by_role("button", name="Undo").click()
        expect(page.get_by_text("Several of us drive in at 6am.")).to_be_visible()
        held_comment.refresh_from_db()
        assert held_comment.status == Comment.Status.PENDING


def test_a_moderator_replies_to_a_held_comment(moderator_page, held_comment):
    page = moderator_page
    page.goto(reverse("admin:comments_comment_changelist"))
    actions = Actions()
    row = page.get_by_role("row").filter(has_text="Several of us drive in at 6am.")
    actions.click(row.get_by_role("link", name="Reply"), "Reply")
    box = page.get_by_role("textbox", name="Your reply")
    expect(box).to_be_focused()
    check_page(page, "the reply page")
    actions.fill(box, "It will be there from Monday.", "write the reply")
    actions.click(page.get_by_role("button", name="Approve and reply"), "Approve and reply")
    expect(page.get_by_text("Your reply to Robin Reader is published.")).to_be_visible()
    reply = Comment.objects.get(body="It will be there from Monday.")
    assert reply.parent == held_comment
    held_comment.refresh_from_db()
    assert held_comment.status == Comment.Status.APPROVED
    assert actions.count == 3, str(actions)
    print(f"reply to a held comment: {actions}")


def test_a_moderator_closes_comments_on_one_post(moderator_page, held_comment, live_server):
    page = moderator_page
    post = held_comment.post
    # Shown as readers see it: with its photo and tags.
    post.featured_photo = make_photo(alt_text="A gritter at dawn", caption="Out before dawn.")
    post.save()
    post.tags.add("Highways")
    make_post(title="Another post")
    page.goto(reverse("admin:posts_post_changelist"))

    actions = Actions()
    actions.click(page.get_by_role("link", name="Winter ready", exact=True), "open the post")
    expect(page.get_by_role("heading", name="Winter ready", level=1)).to_be_visible()
    expect(page.get_by_text("Comments are open.")).to_be_visible()
    # The post as readers see it, its comments with their buttons, and no "Close" button.
    expect(page.get_by_text("Thank you, crews.")).to_be_visible()
    expect(page.get_by_role("img", name="A gritter at dawn")).to_be_visible()
    expect(page.get_by_role("button", name="Close", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Close", exact=True)).to_have_count(0)
    check_page(page, "the moderators' page for a post")
    page.set_viewport_size({"width": DESKTOP_WIDTH, "height": 900})

    actions.click(page.get_by_role("button", name="Close comments"), "Close comments")
    expect(page.get_by_text("Comments closed on “Winter ready”.")).to_be_visible()
    expect(page.get_by_role("button", name="Open comments")).to_be_visible()
    post.refresh_from_db()
    assert not post.comments_open
    assert actions.count == 2, str(actions)
    print(f"close comments on one post: {actions}")
    check_page(page, "the moderators' page for a post, comments closed")

    # A reader now finds the comments closed.
    with page.context.browser.new_context(base_url=live_server.url) as other:
        reader_page = other.new_page()
        sign_in(reader_page, held_comment.author, live_server.url)
        reader_page.goto(post.get_absolute_url())
        expect(reader_page.get_by_text("Comments are closed.")).to_be_visible()


def test_the_queue_works_with_the_keyboard_alone(moderator_page, held_comment):
    page = moderator_page
    page.goto(reverse("admin:comments_comment_changelist"))
    approve = page.get_by_role("row").filter(has_text="6am").get_by_role("button", name="Approve")
    approve.focus()
    outline = approve.evaluate("(el) => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page.get_by_text("was approved.")).to_be_visible()
    held_comment.refresh_from_db()
    assert held_comment.status == Comment.Status.APPROVED


def test_the_page_a_moderators_email_links_to_approves_in_one_click(moderator_page, held_comment):
    page = moderator_page
    page.goto(reverse("admin:comments_comment_change", args=[held_comment.pk]))
    expect(page.get_by_role("heading", name="Comment by Robin Reader", level=1)).to_be_visible()
    check_page(page, "one comment's page")
    page.set_viewport_size({"width": DESKTOP_WIDTH, "height": 900})
    actions = Actions()
    actions.click(page.get_by_role("button", name="Approve"), "Approve")
    expect(page.get_by_text("Approved by Morgan Moderator")).to_be_visible()
    assert actions.count == 1, str(actions)
    check_page(page, "one comment's page after approving")


def test_staff_go_from_a_post_on_the_blog_to_its_admin_page(moderator_page, held_comment):
    page = moderator_page
    post = held_comment.post
    page.goto(post.get_absolute_url())
    expect(page.get_by_role("link", name="Edit this post")).to_have_count(0)
    link = page.get_by_role("link", name="Moderate this post’s comments")
    for width in (DESKTOP_WIDTH, PHONE_WIDTH):
        page.set_viewport_size({"width": width, "height": 900})
        found = "; ".join(axe_violations(page))
        assert not found, f"a post on the blog, for a moderator, at {width} px: {found}"
    link.click()
    expect(page.get_by_role("button", name="Close comments")).to_be_visible()
    assert csp_violations(page) == []


def test_an_editor_follows_edit_this_post_to_the_writing_screen(page, live_server, held_comment):
    from posts.roles import COMMUNICATIONS

    roles_set_up()
    editor = make_user("comms", is_staff=True)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS))
    sign_in(page, editor, live_server.url)
    page.goto(held_comment.post.get_absolute_url())
    page.get_by_role("link", name="Edit this post").click()
    expect(page.get_by_role("textbox", name="Title")).to_have_value("Winter ready")


def test_the_moderation_pages_are_valid_html(
    browser_tools, group_moderator, held_comment, tmp_path
):
    from django.test import Client

    from tests.browser import html_errors

    client = Client()
    client.force_login(group_moderator)
    pages = {
        "the queue": reverse("admin:comments_comment_changelist") + "?status__exact=all",
        "one comment": reverse("admin:comments_comment_change", args=[held_comment.pk]),
        "the reply page": reverse("admin:comments_comment_reply", args=[held_comment.pk]),
        "a post's page": reverse("admin:posts_post_change", args=[held_comment.post.pk]),
    }
    documents = {name: client.get(address).text for name, address in pages.items()}
    refused = client.post(pages["the reply page"], {"body": ""})
    assert refused.status_code == 400
    documents["the reply page with an error"] = refused.text
    errors = html_errors(documents, tmp_path)
    assert errors == {name: [] for name in documents}

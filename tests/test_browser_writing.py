"""Writing in the admin, in Chromium: publish, schedule, update, restore; and how it looks.

Each journey counts the person's actions with tests/actions.py and prints them, so they can be
set beside WordPress's in docs/.
"""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import roles_set_up
from editing.models import Autosave
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.actions import Actions
from tests.browser import (
    RECORD_CSP_VIOLATIONS,
    SCREENSHOTS,
    axe_violations,
    csp_violations,
    sign_in,
)
from tests.helpers import make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Thank you, gritting crews"
PARAGRAPH = "Our crews treated 2,400 miles of road in last week's snow."


def communications_editor():
    roles_set_up()
    editor = make_user("comms", first_name="Eddie", last_name="Editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS))
    return editor


@pytest.fixture
def editor_page(page, live_server):
    editor = communications_editor()
    page.context.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, editor, live_server.url)
    page.editor = editor
    return page


def opens_a_new_post(page, actions):
    page.goto(reverse("admin:posts_post_changelist"))
    actions.click(page.get_by_role("link", name="Add post"), "open Add post")
    page.locator(".writing-body [contenteditable=true]").wait_for()


def writes_title_and_text(page, actions, title=TITLE, text=PARAGRAPH):
    actions.fill(page.get_by_label("Title", exact=True), title, "type the title")
    actions.click(page.locator(".writing-body [contenteditable=true]"), "click into the text")
    page.keyboard.type(text)
    actions.note("type the text")


def state(page):
    return page.locator("#writing-state").inner_text()


def report(name, actions):
    print(f"\n{name}: {actions}")


def test_writes_and_publishes_a_post(editor_page):
    page, actions = editor_page, Actions()

    opens_a_new_post(page, actions)
    writes_title_and_text(page, actions)
    actions.click(page.get_by_role("button", name="Publish", exact=True), "Publish")

    page.get_by_text("Readers can see it now.").wait_for()
    report("Write and publish a post", actions)
    post = Post.objects.get()
    assert post.is_published
    assert timezone.now() - post.published_at < timedelta(minutes=1)
    assert (post.title, post.slug, post.author) == (TITLE, "thank-you-gritting-crews", page.editor)
    assert PARAGRAPH in post.body
    assert state(page).startswith("Published on ")
    assert actions.count == 5


def test_schedules_a_post_and_the_button_says_schedule(editor_page):
    page, actions = editor_page, Actions()
    when = timezone.localtime(timezone.now() + timedelta(days=7)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )

    opens_a_new_post(page, actions)
    writes_title_and_text(page, actions)
    publish = page.locator("#writing-publish-button")
    expect(publish).to_have_text("Publish")
    actions.click(page.get_by_text("Publish immediately"), "open the time line")
    box = page.get_by_role("region", name="Publish").get_by_role("group", name="Publication time")
    actions.fill(box.get_by_label("Date", exact=True), f"{when:%Y-%m-%d}", "type the date")
    actions.fill(box.get_by_label("Time", exact=True), "09:00", "type the time")
    expect(publish).to_have_text("Schedule")
    actions.click(publish, "Schedule")

    page.get_by_text("It will appear by itself.").wait_for()
    report("Schedule a post", actions)
    post = Post.objects.get()
    assert post.is_scheduled
    assert post.published_at == when
    assert state(page) == f"Scheduled for {when:%A} {when.day} {when:%B %Y} at 09:00"
    assert actions.count == 8


def test_updates_a_published_post(editor_page):
    page, actions = editor_page, Actions()
    post = make_post(title="Gritting this weekend", author=page.editor)
    published_at = post.published_at

    page.goto(reverse("admin:posts_post_changelist"))
    actions.click(page.get_by_role("link", name="Gritting this weekend"), "open the post")
    actions.fill(page.get_by_label("Title", exact=True), "Gritting this weekend: all roads")
    actions.click(page.get_by_role("button", name="Update"), "Update")

    page.get_by_text("Post updated.").wait_for()
    report("Update a published post", actions)
    post.refresh_from_db()
    assert (post.title, post.published_at) == ("Gritting this weekend: all roads", published_at)
    assert post.is_published
    assert actions.count == 3


def test_restores_an_old_version_of_a_live_post_which_stays_live(editor_page):
    page, actions = editor_page, Actions()
    # A draft saved once, then published with new words: two versions.
    page.goto(reverse("admin:posts_post_add"))
    writes_title_and_text(page, Actions(), title="First words", text="The first try.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved.").wait_for()
    page.get_by_label("Title", exact=True).fill("Final words")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Readers can see it now.").wait_for()
    post = Post.objects.get()
    live_since = post.published_at

    actions.click(page.get_by_role("link", name="History"), "open History")
    actions.click(page.locator("#change-history tbody tr").last.get_by_role("link"), "old one")
    expect(page.get_by_label("Title", exact=True)).to_have_value("First words")
    assert csp_violations(page) == []
    assert axe_violations(page) == []
    actions.click(page.get_by_role("button", name="Restore this version"), "Restore")

    page.get_by_text("The post stays published.").wait_for()
    report("Restore an old version of a live post", actions)
    post.refresh_from_db()
    assert post.title == "First words"
    assert post.is_published
    assert post.published_at == live_since
    assert state(page).startswith("Published on ")
    assert actions.count == 3


def test_enter_in_the_title_never_sends_the_form_even_before_the_editor_has_loaded(editor_page):
    page = editor_page
    # The text editor's script never arrives: Enter in the title must still not save the form.
    page.route("**/django_prose_editor/**", lambda route: route.abort())
    page.goto(reverse("admin:posts_post_add"))
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Title", exact=True).press("Enter")
    page.wait_for_timeout(500)
    assert page.url.endswith(reverse("admin:posts_post_add"))
    assert not Post.objects.exists()


def test_publishes_with_the_keyboard_alone(editor_page):
    page = editor_page
    page.goto(reverse("admin:posts_post_add"))
    page.locator(".writing-body [contenteditable=true]").wait_for()
    page.get_by_label("Title", exact=True).focus()
    page.keyboard.type(TITLE)
    page.keyboard.press("Enter")  # moves to the text, as in WordPress
    page.keyboard.type(PARAGRAPH)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "writing-publish-button":
            break
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")

    page.get_by_text("Readers can see it now.").wait_for()
    post = Post.objects.get()
    assert (post.title, post.is_published) == (TITLE, True)
    assert PARAGRAPH in post.body


@pytest.mark.parametrize(
    ("width", "height"), [(1280, 800), (1366, 768), (375, 800), (320, 800)], ids=str
)
def test_the_writing_screen_fits_passes_axe_and_keeps_the_csp(editor_page, width, height):
    page = editor_page
    page.set_viewport_size({"width": width, "height": height})
    post = make_post(title="Budget consultation opens", author=page.editor, tags=["Budget"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, address in [
        ("add", reverse("admin:posts_post_add")),
        ("change", reverse("admin:posts_post_change", args=[post.pk])),
    ]:
        page.goto(address)
        page.locator(".writing-body [contenteditable=true]").wait_for()
        page.screenshot(path=SCREENSHOTS / f"writing-{name}-{width}.png", full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} page scrolls sideways at {width} px"
        # Before axe, which adds styles of its own to the page it checks.
        assert csp_violations(page) == [], name
        violations = axe_violations(page)
        assert violations == [], "\n".join([name, *violations])
    # The text box starts at least twenty lines tall.
    text = page.locator(".writing-body [contenteditable=true]")
    line = text.evaluate("box => parseFloat(getComputedStyle(box).lineHeight)")
    assert text.bounding_box()["height"] >= 20 * line


def test_publishing_without_a_title_says_so_beside_it_and_passes_axe(editor_page):
    page = editor_page
    page.goto(reverse("admin:posts_post_add"))
    # The tag box suggests tags as you type (static/admin-extras/tags.js); text left in it is
    # kept as a tag when the form is sent.
    page.get_by_role("combobox", name="Tags", exact=True).fill("Winter")
    page.get_by_role("button", name="Publish", exact=True).click()

    page.get_by_text("Add a title before publishing").wait_for()
    assert page.get_by_text("Write the post before publishing").is_visible()
    chosen = page.get_by_role("list", name="Chosen tags").get_by_role("listitem")
    expect(chosen).to_have_text(["Winter×"])
    expect(page.get_by_role("button", name="Remove tag Winter")).to_be_visible()
    assert not Post.objects.exists()
    assert csp_violations(page) == []
    assert axe_violations(page) == []

    # The refused form is unsaved work: closing the tab keeps it, tag and all, in an autosave
    # (editing/). Waiting for it also keeps its beacon from landing while the database is emptied.
    page.on("dialog", lambda dialog: dialog.accept())
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 10
    while not autosave_kept(user=page.editor, post=None, tags="Winter"):
        assert time.monotonic() < deadline, "the autosave never came"
        time.sleep(0.2)


def autosave_kept(**fields):
    try:
        return Autosave.objects.filter(**fields).exists()
    except OperationalError:
        return False  # SQLite in memory: the live server's thread is writing this table just now.

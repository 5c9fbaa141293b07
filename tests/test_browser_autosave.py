"""No lost work, in Chromium: autosave after a closed tab, the prompt on leaving, who else edits.

The person's actions are counted with tests.actions, as for WordPress's journeys in docs/.
Each visit to the admin starts at the list of posts, as a bookmark would open it.
"""

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from editing.models import Autosave, Presence
from posts.models import Post
from tests.actions import Actions
from tests.browser import AXE_OPTIONS, RECORD_CSP_VIOLATIONS, csp_violations, sign_in, wait_for
from tests.helpers import PUBLISHER_PERMS, make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"  # what tests.helpers.make_user gives every user
TYPED = "The gritters went out at four this morning."
SAVE = re.compile(r"^(Save draft|Update)$")  # the writing screen's, for a draft or a live post


def writer(username="comms", first_name="Eddie", last_name="Editor"):
    return make_user(
        username, first_name=first_name, last_name=last_name, is_staff=True, perms=PUBLISHER_PERMS
    )


def open_the_list_of_posts(context, user, live_server):
    """Open a new tab on the admin's list of posts, signed in as user."""
    autosave_page = context.new_page()
    autosave_page.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(autosave_page, user, live_server.url)
    autosave_page.goto(reverse("admin:posts_post_changelist"))
    return autosave_page


def body_editor(autosave_page):
    return autosave_page.locator(".writing-body [contenteditable=true]")


def close_the_tab(autosave_page):
    """Close the tab as a person does, leaving at the browser's "Leave site?" prompt."""
    autosave_page.on("dialog", lambda dialog: dialog.accept())
    autosave_page.close(run_before_unload=True)
    autosave_page.wait_for_event("close")


def notice_violations(autosave_page):
    """Run axe-core on the editing notices alone.

    The rest of the post form is other branches' work; on main, axe finds the body editor and
    the admin's search-as-you-type boxes without an accessible name.
    """
    results = Axe().run(
        autosave_page, context={"include": [".editing-notices"]}, options=AXE_OPTIONS
    )
    return [
        f"{violation['id']}: {violation['help']}" for violation in results.response["violations"]
    ]


@pytest.fixture
def new_context(chromium, live_server, settings):
    """Open browser contexts (one per person) that close, with their pages, after the test."""
    contexts = []

    def new():
        context = chromium.new_context(
            base_url=live_server.url,
            viewport={"width": 1280, "height": 800},
            locale="en-GB",
            timezone_id=settings.TIME_ZONE,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield new
    for context in contexts:
        context.close()
    # A closing page's beacons reach the server a moment later; let them land before the test
    # database is emptied.
    time.sleep(1)


@pytest.fixture
def autosave_page(new_context):
    """Open a tab that records CSP violations, in a context closed with the test's others."""
    autosave_page = new_context().new_page()
    autosave_page.add_init_script(RECORD_CSP_VIOLATIONS)
    return autosave_page


@pytest.fixture
def beforeunload_prompts(autosave_page):
    """Count the browser's "Leave site?" prompts; each is answered "stay" unless told otherwise."""
    prompts = {"count": 0, "leave": False}

    def answer(dialog):
        if dialog.type != "beforeunload":
            dialog.dismiss()
            return
        prompts["count"] += 1
        if prompts["leave"]:
            dialog.accept()
        else:
            dialog.dismiss()

    autosave_page.on("dialog", answer)
    return prompts


def test_recover_an_autosaved_draft_after_closing_the_tab(new_context, live_server, settings):
    # Only the autosave made as the tab closes can keep the text: the timer never fires here.
    settings.CEOBLOG_AUTOSAVE_SECONDS = 600
    editor = writer()
    draft = make_post(title="Winter roads", status=Post.Status.DRAFT, body="<p>Plans.</p>")
    actions = Actions()
    context = new_context()

    autosave_page = open_the_list_of_posts(context, editor, live_server)
    actions.click(autosave_page.get_by_role("link", name="Winter roads"), "open the draft")
    actions.click(body_editor(autosave_page), "click at the end of the body")
    autosave_page.keyboard.type(" " + TYPED)
    actions.note("type a sentence")
    close_the_tab(autosave_page)
    # Counted as docs/writing-compared.md counts WordPress's: closing the tab, then Leave.
    actions.note("close the tab")
    actions.note("leave at the browser's prompt")
    wait_for(lambda: Autosave.objects.filter(user=editor, post=draft).exists())
    draft.refresh_from_db()
    assert TYPED not in draft.body

    autosave_page = open_the_list_of_posts(context, editor, live_server)
    actions.click(autosave_page.get_by_role("link", name="Winter roads"), "open the draft again")
    offer = autosave_page.get_by_role("group", name=re.compile("There is an autosave of this post"))
    expect(offer).to_contain_text(re.compile(r"from \d\d:\d\d today, newer than the version"))
    assert csp_violations(autosave_page) == []
    assert notice_violations(autosave_page) == []
    # Restoring a draft's autosave saves the draft too, as WordPress's drafts keep theirs.
    actions.click(offer.get_by_role("button", name="Restore the autosave"), "restore")
    autosave_page.get_by_text(
        "Draft saved. Readers cannot see it until it is published."
    ).wait_for()
    expect(body_editor(autosave_page)).to_contain_text(TYPED)

    draft.refresh_from_db()
    assert draft.body == f"<p>Plans. {TYPED}</p>"
    assert draft.status == Post.Status.DRAFT
    assert not Autosave.objects.exists()
    print(f"\nRecover an autosaved draft after closing the tab: {actions}")
    # WordPress 6.1: 6 with cursor clicks, from its editor; 7 from the list, as here.
    assert actions.count == 7


def test_a_new_post_typed_into_a_closed_tab_is_offered_on_the_add_page(new_context, live_server):
    editor = writer()
    context = new_context()
    autosave_page = open_the_list_of_posts(context, editor, live_server)
    autosave_page.goto(reverse("admin:posts_post_add"))
    autosave_page.locator("#id_title").fill("Thank you, gritting crews")
    body_editor(autosave_page).click()
    autosave_page.keyboard.type(TYPED)
    close_the_tab(autosave_page)
    wait_for(lambda: Autosave.objects.filter(user=editor, post=None).exists())

    autosave_page = open_the_list_of_posts(context, editor, live_server)
    autosave_page.goto(reverse("admin:posts_post_add"))
    offer = autosave_page.get_by_role(
        "group", name=re.compile("There is an autosave of a new post")
    )
    offer.get_by_role("button", name="Restore the autosave").click()

    # Restored, the new post is saved as a draft at once and the screen is its own.
    autosave_page.get_by_text(
        "Draft saved. Readers cannot see it until it is published."
    ).wait_for()
    expect(autosave_page.locator("#id_title")).to_have_value("Thank you, gritting crews")
    expect(autosave_page.locator("#id_slug")).to_have_value("thank-you-gritting-crews")
    expect(body_editor(autosave_page)).to_have_text(TYPED)
    draft = Post.objects.get(title="Thank you, gritting crews")
    assert draft.status == Post.Status.DRAFT
    assert TYPED in draft.body
    assert not Autosave.objects.exists()


def test_discarding_the_autosave_keeps_the_saved_post(autosave_page, live_server):
    editor = writer()
    post = make_post(title="Winter roads", body="<p>Saved text.</p>")
    Autosave.objects.create(
        user=editor, post=post, title="Unwanted", body="<p>Unwanted.</p>", saved_at=timezone.now()
    )
    sign_in(autosave_page, editor, live_server.url)
    autosave_page.goto(reverse("admin:posts_post_change", args=[post.pk]))

    discard = autosave_page.get_by_role("button", name="Discard")
    discard.focus()
    autosave_page.keyboard.press("Enter")

    expect(
        autosave_page.get_by_role("status").filter(has_text="The autosave was discarded.")
    ).to_be_visible()
    expect(autosave_page.locator(".editing-offer")).to_have_count(0)
    expect(autosave_page.locator("#id_title")).to_have_value("Winter roads")
    wait_for(lambda: not Autosave.objects.exists())


def test_be_warned_on_leaving_with_unsaved_changes(
    autosave_page, live_server, beforeunload_prompts
):
    editor = writer()
    post = make_post(title="Winter roads", body="<p>Plans.</p>")
    actions = Actions()
    sign_in(autosave_page, editor, live_server.url)
    autosave_page.goto(reverse("admin:posts_post_changelist"))

    actions.click(autosave_page.get_by_role("link", name="Winter roads"), "open the post")
    actions.click(body_editor(autosave_page), "click at the end of the body")
    autosave_page.keyboard.type(" " + TYPED)
    actions.note("type a sentence")
    actions.click(autosave_page.get_by_role("link", name="History"), "follow a link away")
    wait_for(lambda: beforeunload_prompts["count"] == 1, page=autosave_page)
    # WordPress 6.1 warns after 3 actions with cursor clicks, from its editor; 4 from the list.
    assert actions.count == 4
    actions.note("choose to stay at the browser's prompt")
    expect(body_editor(autosave_page)).to_contain_text(TYPED)
    assert "/history/" not in autosave_page.url
    actions.click(autosave_page.get_by_role("button", name=SAVE), "save")
    autosave_page.get_by_text("Post updated. Readers see the changes now.").wait_for()

    post.refresh_from_db()
    assert post.body == f"<p>Plans. {TYPED}</p>"
    # Saving the form asked nothing: the one prompt is the one from the link.
    assert beforeunload_prompts["count"] == 1
    assert csp_violations(autosave_page) == []
    print(f"\nBe warned on leaving with unsaved changes: {actions}")
    assert actions.count == 6


def test_leaving_asks_on_reload_and_not_when_nothing_changed(
    autosave_page, live_server, beforeunload_prompts
):
    editor = writer()
    post = make_post(title="Winter roads")
    sign_in(autosave_page, editor, live_server.url)
    change_page = reverse("admin:posts_post_change", args=[post.pk])
    autosave_page.goto(change_page)
    body_editor(autosave_page).wait_for()
    # The page has been used, as the browser requires before it may ask.
    body_editor(autosave_page).click()

    autosave_page.reload()
    assert beforeunload_prompts["count"] == 0

    autosave_page.locator("#id_excerpt").fill("A short summary.")
    # Asked to stay, the browser does not reload, so Playwright's reload() would wait forever.
    autosave_page.evaluate("setTimeout(() => location.reload())")
    wait_for(lambda: beforeunload_prompts["count"] == 1, page=autosave_page)
    expect(autosave_page.locator("#id_excerpt")).to_have_value("A short summary.")
    beforeunload_prompts["leave"] = True
    with autosave_page.expect_navigation():
        autosave_page.evaluate("setTimeout(() => location.reload())")
    assert beforeunload_prompts["count"] == 2
    expect(autosave_page.locator("#id_excerpt")).to_have_value("")
    # What was typed before the reload is offered back on the reloaded page.
    offer = autosave_page.locator(".editing-offer")
    expect(offer).to_contain_text("There is an autosave of this post")
    offer.get_by_role("button", name="Restore the autosave").click()
    expect(autosave_page.locator("#id_excerpt")).to_have_value("A short summary.")


def test_two_people_editing_a_post_are_each_told_about_the_other(
    new_context, live_server, settings
):
    settings.CEOBLOG_EDITING_HEARTBEAT_SECONDS = 1
    robin = writer("robin", "Robin", "Reader")
    sam = writer("sam", "Sam", "Chief")
    post = make_post(title="Winter roads")
    change_page = reverse("admin:posts_post_change", args=[post.pk])
    robins_page, sams_page = (
        open_the_list_of_posts(new_context(), user, live_server) for user in [robin, sam]
    )
    robins_page.goto(change_page)
    expect(robins_page.locator(".editing-presence")).to_be_empty()

    sams_page.goto(change_page)

    sams_notice = sams_page.get_by_role("status").filter(has_text="is also editing")
    expect(sams_notice).to_have_text("Robin Reader is also editing this post.")
    # Robin's page learns of Sam at its next heartbeat, without a reload.
    robins_notice = robins_page.get_by_role("status").filter(has_text="is also editing")
    expect(robins_notice).to_have_text("Sam Chief is also editing this post.")
    # Before axe, whose own injected styles the policy refuses.
    assert csp_violations(robins_page) == []
    for width in (1280, 375):
        robins_page.set_viewport_size({"width": width, "height": 800})
        assert notice_violations(robins_page) == [], f"at {width} px"

    close_the_tab(sams_page)

    expect(robins_page.locator(".editing-presence")).to_be_empty()
    wait_for(lambda: list(Presence.objects.values_list("user__username", flat=True)) == ["robin"])


def test_signed_out_the_page_says_so_and_autosaves_again_once_signed_in(
    autosave_page, live_server, settings
):
    settings.CEOBLOG_AUTOSAVE_SECONDS = 1
    editor = writer()
    post = make_post(title="Winter roads")
    sign_in(autosave_page, editor, live_server.url)
    autosave_page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    status = autosave_page.locator(".editing-status")
    excerpt = autosave_page.locator("#id_excerpt")

    excerpt.fill("First words.")
    expect(status).to_have_text(re.compile(r"^Autosaved at \d\d:\d\d\.$"))

    other_tab = autosave_page.context.new_page()
    other_tab.goto(reverse("admin:index"))
    other_tab.get_by_role("button", name="Log out").click()
    other_tab.wait_for_url("**/login/**")
    excerpt.fill("Second words.")
    expect(status).to_have_text(
        "You have been signed out, so this was not saved. Sign in again in another tab; "
        "this page keeps what you typed."
    )

    # Signing in again gives the browser a new CSRF token; the page sends the new one.
    other_tab.goto(reverse("admin:login"))
    other_tab.get_by_label("Username").fill(editor.username)
    other_tab.get_by_label("Password").fill(PASSWORD)
    other_tab.get_by_role("button", name="Log in").click()
    other_tab.get_by_role("heading", name="Dashboard").wait_for()
    excerpt.fill("Third words.")
    expect(status).to_have_text(re.compile(r"^Autosaved at"))
    wait_for(lambda: Autosave.objects.get(user=editor, post=post).excerpt == "Third words.")


def test_a_button_answering_in_a_new_tab_leaves_this_page_asking_before_leaving(
    autosave_page, live_server, beforeunload_prompts
):
    post = make_post(title="Winter roads")
    sign_in(autosave_page, writer(), live_server.url)
    autosave_page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    autosave_page.locator("#id_excerpt").fill("A short summary.")

    # The writing screen's Preview opens the unsaved post in a new tab and saves nothing.
    with autosave_page.context.expect_page() as preview:
        autosave_page.get_by_role("button", name="Preview", exact=True).click()
    preview.value.wait_for_load_state()
    expect(preview.value.get_by_text("Preview: not published")).to_be_visible()
    post.refresh_from_db()
    assert post.excerpt == ""
    autosave_page.locator("#id_excerpt").fill("A longer summary.")
    autosave_page.evaluate("setTimeout(() => location.reload())")
    expect(autosave_page.locator("#id_excerpt")).to_have_value("A longer summary.")

    wait_for(lambda: beforeunload_prompts["count"] == 1, page=autosave_page)


def test_a_submission_another_script_stops_leaves_this_page_asking_before_leaving(
    autosave_page, live_server, beforeunload_prompts
):
    post = make_post(title="Winter roads")
    sign_in(autosave_page, writer(), live_server.url)
    autosave_page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    # A check of another script's that finds something wrong and keeps the form from going.
    autosave_page.evaluate(
        """() => document.getElementById("post_form").addEventListener(
          "submit", (event) => event.preventDefault()
        )"""
    )
    autosave_page.locator("#id_excerpt").fill("A short summary.")
    autosave_page.get_by_role("button", name=SAVE).click()

    autosave_page.evaluate("setTimeout(() => location.reload())")

    wait_for(lambda: beforeunload_prompts["count"] == 1, page=autosave_page)
    expect(autosave_page.locator("#id_excerpt")).to_have_value("A short summary.")

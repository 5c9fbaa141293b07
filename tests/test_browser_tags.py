"""Tagging in Chromium: suggestions as you type, by mouse and by keyboard, and without JavaScript.

The journey "tag a post with an existing tag from the suggestions" counts its actions the way
tests/actions.py describes, for comparison with WordPress's in docs/.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect
from taggit.models import Tag

from accounts.roles import roles_set_up
from editing.models import Autosave
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.actions import Actions
from tests.browser import axe_violations, horizontal_overflow, sign_in, wait_for
from tests.helpers import make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The most actions the journey may take: open the post, type, pick the suggestion, Update.
# WordPress 6.1 takes 4 from inside its editor (docs/writing-compared.md, journey f), so 5 from
# its list of posts, where this journey starts.
JOURNEY_ACTIONS = 4


def communications_editor():
    roles_set_up()
    editor = make_user("comms", first_name="Eddie", last_name="Editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS))
    return editor


def watch_csp(page):
    """Collect the Content Security Policy violations the browser reports, with their source."""
    violations = []

    def note(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text} ({message.location.get('url')})")

    page.on("console", note)
    return violations


@pytest.fixture
def tagged_posts(db):
    """Posts with "Thanks" (the most used), "Thank you" and "Roads", and one draft without tags."""
    author = make_user("ceo", first_name="Catherine", last_name="Marlow")
    for _ in range(3):
        make_post(author=author, tags=["Thanks"])
    make_post(author=author, tags=["Thank you", "Roads"])
    return make_post(author=author, title="Gritting crews out all night", status=Post.Status.DRAFT)


def tag_box(page):
    return page.get_by_role("combobox", name="Tags", exact=True)


def test_editor_tags_a_post_with_an_existing_tag_from_the_suggestions(
    page, live_server, tagged_posts
):
    # A published post, as in WordPress's journey, which ends with Update.
    post = make_post(author=tagged_posts.author, title="Gritting crews thanked by residents")
    editor = communications_editor()
    sign_in(page, editor, live_server.url)
    csp = watch_csp(page)
    actions = Actions()
    page.goto(reverse("admin:posts_post_changelist"))

    actions.click(page.get_by_role("link", name=post.title), "open the post")
    actions.fill(tag_box(page), "than", "type the start of a tag")
    suggestions = page.get_by_role("listbox", name="Suggested tags")
    expect(suggestions.get_by_role("option")).to_have_text(["Thanks", "Thank you"])
    actions.click(suggestions.get_by_role("option", name="Thanks", exact=True), "pick “Thanks”")
    expect(page.get_by_role("button", name="Remove tag Thanks")).to_be_visible()
    actions.click(page.get_by_role("button", name="Update", exact=True), "update")
    page.get_by_text("Post updated. Readers see the changes now.").wait_for()

    thanks = Tag.objects.get(name="Thanks")
    assert list(post.tags.all()) == [thanks]
    assert Tag.objects.count() == 3
    print(f"Tag a post from the suggestions: {actions}")
    assert actions.count <= JOURNEY_ACTIONS, str(actions)
    assert csp == []


def test_the_tag_box_works_by_keyboard_alone(page, live_server, tagged_posts):
    sign_in(page, communications_editor(), live_server.url)
    page.goto(reverse("admin:posts_post_change", args=[tagged_posts.pk]))
    box = tag_box(page)
    box.focus()
    page.keyboard.type("THA")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    first = page.get_by_role("option", name="Thanks", exact=True)
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("Enter")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("")
    expect(page.get_by_role("status").filter(has_text="Tag Thanks added.")).to_have_count(1)

    # A new tag, typed and ended with a comma; Escape closes the suggestions.
    page.keyboard.type("Winter roads,")
    page.keyboard.type("Ro")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")

    # The most used tags, after the box: "Roads" added with Enter.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Choose from the most used tags")
    page.keyboard.press("Enter")
    most_used = page.get_by_role("list", name="Most used tags")
    expect(most_used.get_by_role("button")).to_have_text(["Thanks", "Roads", "Thank you"])
    expect(most_used.get_by_role("button", name="Thanks")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Roads")
    page.keyboard.press("Enter")

    # Back to the chips: remove "Winter roads" with the keyboard.
    chips = page.get_by_role("list", name="Chosen tags")
    expect(chips.get_by_role("listitem")).to_have_text(["Thanks×", "Winter roads×", "Roads×"])
    page.get_by_role("button", name="Remove tag Winter roads").focus()
    page.keyboard.press("Enter")
    expect(chips.get_by_role("listitem")).to_have_text(["Thanks×", "Roads×"])
    expect(box).to_be_focused()

    page.get_by_role("button", name="Save draft", exact=True).press("Enter")
    page.get_by_text("Draft saved.").wait_for()
    assert sorted(tag.name for tag in tagged_posts.tags.all()) == ["Roads", "Thanks"]


def test_without_javascript_the_tag_box_is_a_comma_separated_box(
    chromium, live_server, tagged_posts
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, communications_editor(), live_server.url)
    page.goto(reverse("admin:posts_post_change", args=[tagged_posts.pk]))
    page.get_by_role("textbox", name="Tags", exact=True).fill("thanks, Winter roads")
    page.get_by_role("button", name="Save draft", exact=True).click()
    page.get_by_text("Draft saved.").wait_for()
    context.close()
    assert sorted(tag.name for tag in tagged_posts.tags.all()) == ["Thanks", "Winter roads"]


def page_checked(page, csp):
    """Assert the page loaded without CSP violations, then that axe-core finds nothing."""
    page.wait_for_load_state("networkidle")
    # Before axe-core: it sets inline styles of its own while it checks.
    assert csp == []
    violations = axe_violations(page)
    csp.clear()
    return violations


def test_admin_pages_for_tags_have_no_accessibility_or_csp_violations(
    page, live_server, tagged_posts
):
    sign_in(page, communications_editor(), live_server.url)
    csp = watch_csp(page)
    thanks = Tag.objects.get(name="Thanks")
    for url in [
        reverse("admin:index"),
        reverse("admin:posts_post_changelist"),
        reverse("admin:taggit_tag_changelist"),
        reverse("admin:taggit_tag_change", args=[thanks.pk]),
        reverse("admin:taggit_tag_history", args=[thanks.pk]),
    ]:
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(url)
            assert page_checked(page, csp) == [], (url, width)
        # 400% zoom: nothing wider than the window.
        assert horizontal_overflow(page) <= 0, url
        page.set_viewport_size({"width": 1280, "height": 800})

    # The merge page, reached as an editor does: tick two tags, choose the action, Go.
    page.goto(reverse("admin:taggit_tag_changelist"))
    for name in ("Thanks", "Thank you"):
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))
        row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Merge selected tags")
    page.get_by_role("button", name="Go").click()
    page.get_by_role("heading", name="Merge tags").wait_for()
    assert page_checked(page, csp) == []
    expect(page.get_by_role("radio", name="Thanks (3 posts)")).to_be_checked()
    page.get_by_role("button", name="Merge tags").click()
    page.get_by_text("Merged “Thank you” into “Thanks”.").wait_for()
    assert not Tag.objects.filter(name="Thank you").exists()

    # The Tags box of the writing screen, with chips and open suggestions, at desktop and phone
    # width. The rest of the screen is checked by the writing screen's own tests: only this box is.
    page.goto(reverse("admin:posts_post_change", args=[tagged_posts.pk]))
    tag_box(page).fill("Roads, th")
    page.get_by_role("option", name="Thanks").wait_for()
    assert csp == []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        assert axe_violations_in(page, "section[aria-labelledby=writing-tags-title]") == [], width

    # Closing the tab now keeps the chosen tag in an autosave (editing/), as it would typed text.
    page.on("dialog", lambda dialog: dialog.accept())
    page.close(run_before_unload=True)
    wait_for(lambda: Autosave.objects.filter(post=tagged_posts, tags="Roads").exists())


def axe_violations_in(page, selector):
    """Run axe-core on one part of the page only."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser import AXE_OPTIONS

    results = Axe().run(page, context=selector, options=AXE_OPTIONS)
    return [
        f"{violation['id']}: {violation['help']}" for violation in results.response["violations"]
    ]

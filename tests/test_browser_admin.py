"""Every admin page the communications team and moderators use, in Chromium, as they use it.

Each page, at desktop and phone widths, must show no accessibility fault axe-core finds
(WCAG 2.2 A and AA), nothing the Content Security Policy blocks, no script error, and no
sideways scrolling. To check a new page, add a line to ADMIN_PAGES.
"""

from dataclasses import dataclass

import pytest
import reversion
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect
from reversion.models import Version

from audit.services import record
from comments.models import Comment
from comments.roles import MODERATORS
from outbox.services import mail_queue
from posts.roles import COMMUNICATIONS
from tests.browser import (
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    RECORD_CSP_VIOLATIONS,
    axe_violations,
    csp_violations,
    press_editor_button,
    select_a_paragraph,
    sign_in,
)
from tests.documentfiles import make_document
from tests.helpers import make_comment, make_photo, make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR = "Communications editor"
MODERATOR = "moderator"
RECORDS_OFFICER = "records officer"
IT = "IT administrator"
SIGNED_OUT = "signed out"


@dataclass
class AdminPage:
    name: str
    address: object  # a function of the objects made by site_objects(), returning the address
    role: str

    def __str__(self):
        return self.name


def admin_url(name, *args):
    return lambda objects: reverse(f"admin:{name}", args=[objects[arg].pk for arg in args])


ADMIN_PAGES = [
    AdminPage("sign-in", lambda objects: reverse("login"), SIGNED_OUT),
    AdminPage("admin sign-in", lambda objects: reverse("admin:login"), SIGNED_OUT),
    AdminPage("index", admin_url("index"), EDITOR),
    AdminPage("post list", admin_url("posts_post_changelist"), EDITOR),
    AdminPage("post add", admin_url("posts_post_add"), EDITOR),
    AdminPage("post change", admin_url("posts_post_change", "post"), EDITOR),
    AdminPage("post history", admin_url("posts_post_history", "post"), EDITOR),
    AdminPage(
        "post compare",
        lambda objects: (
            reverse("admin:posts_post_compare", args=[objects["post"].pk])
            + f"?from={objects['first_version'].pk}&to={objects['last_version'].pk}"
        ),
        EDITOR,
    ),
    AdminPage(
        "post restore",
        admin_url("posts_post_revision", "post", "first_version"),
        EDITOR,
    ),
    AdminPage("photo list", admin_url("photos_photo_changelist"), EDITOR),
    AdminPage("photo add", admin_url("photos_photo_add"), EDITOR),
    AdminPage("photo change", admin_url("photos_photo_change", "photo"), EDITOR),
    AdminPage("document list", admin_url("documents_document_changelist"), EDITOR),
    AdminPage("document add", admin_url("documents_document_add"), EDITOR),
    AdminPage("document change", admin_url("documents_document_change", "document"), EDITOR),
    AdminPage(
        "photo picker", lambda objects: reverse("admin:photos_photo_picker") + "?_popup=1", EDITOR
    ),
    AdminPage("comment list", admin_url("comments_comment_changelist"), EDITOR),
    AdminPage("comment change", admin_url("comments_comment_change", "comment"), EDITOR),
    AdminPage("password change", admin_url("password_change"), EDITOR),
    AdminPage("tag list", admin_url("taggit_tag_changelist"), EDITOR),
    AdminPage("tag change", admin_url("taggit_tag_change", "tag"), EDITOR),
    AdminPage("moderator's index", admin_url("index"), MODERATOR),
    AdminPage("moderator's comment list", admin_url("comments_comment_changelist"), MODERATOR),
    AdminPage("moderator's comment", admin_url("comments_comment_change", "comment"), MODERATOR),
    AdminPage("moderator's reply", admin_url("comments_comment_reply", "comment"), MODERATOR),
    AdminPage("moderator's post", admin_url("posts_post_change", "post"), MODERATOR),
    AdminPage("audit log", admin_url("audit_auditevent_changelist"), RECORDS_OFFICER),
    AdminPage(
        "audit log with a wrong date",
        lambda objects: reverse("admin:audit_auditevent_changelist") + "?from=1/2/26&q=Published",
        RECORDS_OFFICER,
    ),
    AdminPage("audit row", admin_url("audit_auditevent_change", "audit_row"), RECORDS_OFFICER),
    AdminPage("outgoing mail", admin_url("outbox_queuedmail_changelist"), IT),
]


def site_objects():
    """Make one post (saved twice, with a photo, tag and held comment) and return them by name."""
    photo = make_photo(title="Gritter at dawn", alt_text="A yellow gritter on a dark road")
    with reversion.create_revision():
        post = make_post(title="Thank you, gritting crews", tags=["winter"])
    post.featured_photo = photo
    post.body = "<p>Out before dawn on the A28.</p>"
    with reversion.create_revision():
        post.save()
    versions = Version.objects.get_for_object(post).order_by("pk")
    comment = make_comment(post=post, status=Comment.Status.PENDING, body="Thank you all.")
    audit_row = record("post.publish", actor=post.author, obj=post, message="Published.")
    mail_queue(subject="Comment awaiting moderation", body="Look.", to=["mo@council.example"])
    return {
        "audit_row": audit_row,
        "post": post,
        "photo": photo,
        "document": make_document("Budget 2026/27"),
        "comment": comment,
        "tag": post.tags.get(),
        "first_version": versions.first(),
        "last_version": versions.last(),
    }


def person(role):
    if role == SIGNED_OUT:
        return None
    if role == RECORDS_OFFICER:
        return make_user("rita", is_staff=True, perms=["audit.view_auditevent"])
    if role == IT:
        return make_user("ivy", is_staff=True, is_superuser=True)
    group = {EDITOR: COMMUNICATIONS, MODERATOR: MODERATORS}[role]
    user = make_user(role.split()[0].lower(), first_name="Sam", last_name="Staff", is_staff=True)
    # migrate sets up the roles (comments/roles.py), so the groups have their permissions.
    user.groups.add(Group.objects.get(name=group))
    return user


def problems_on(page, address):
    """Open the address; return what the policy blocked, script errors and sideways scroll."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.console_errors = errors
    response = page.goto(address)
    assert response.status == 200, f"{address} answered {response.status}"
    page.wait_for_load_state("networkidle")
    blocked = csp_violations(page)
    width = page.viewport_size["width"]
    overflow = page.evaluate("document.documentElement.scrollWidth") - width
    return {
        "blocked by the policy": blocked,
        # A copy: axe-core, run later, adds errors of its own to the console.
        "script errors": list(errors),
        "sideways scroll (pixels)": overflow if overflow > 0 else 0,
    }


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
@pytest.mark.parametrize("admin_page", ADMIN_PAGES, ids=str)
def test_admin_page_passes_axe_and_the_content_security_policy(
    page, live_server, admin_page, width
):
    objects = site_objects()
    user = person(admin_page.role)
    if user is not None:
        sign_in(page, user, live_server.url)
    page.set_viewport_size({"width": width, "height": 800})

    problems = problems_on(page, admin_page.address(objects))
    # After the checks above: axe-core's own probes are refused by the policy in their turn.
    problems["axe-core"] = axe_violations(page)

    assert problems == {
        "blocked by the policy": [],
        "script errors": [],
        "sideways scroll (pixels)": 0,
        "axe-core": [],
    }


def test_the_body_editor_keeps_typed_double_spaces_as_spaces_without_policy_errors(
    page, live_server
):
    editor = person(EDITOR)
    sign_in(page, editor, live_server.url)
    problems = problems_on(page, reverse("admin:posts_post_add"))

    body = page.get_by_role("textbox", name="Text of the post")
    body.click()
    page.keyboard.type("Thank you.  Two spaces after the full stop.")

    typed = page.locator("textarea[name=body]").input_value()
    assert typed == "<p>Thank you.  Two spaces after the full stop.</p>"
    assert problems["blocked by the policy"] == []
    assert problems["script errors"] == []


@pytest.mark.parametrize(
    ("button", "heading"),
    [
        ("insert link", "Link"),
        ("Add a photo", "Add a photo"),
        ("Add a document", "Add a document"),
        ("Embed a video", "Embed a video"),
    ],
)
def test_the_body_editors_dialogs_pass_axe_and_the_policy(page, live_server, button, heading):
    post = site_objects()["post"]
    sign_in(page, person(EDITOR), live_server.url)
    problems = problems_on(page, reverse("admin:posts_post_change", args=[post.pk]))
    # "insert link" acts on a selection.
    select_a_paragraph(page, "Out before dawn")

    press_editor_button(page, button)
    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    assert heading in dialog.inner_text()
    # Whatever the dialog added to the page is checked too.
    problems["blocked by the policy"] = csp_violations(page)
    problems["script errors"] = list(page.console_errors)
    problems["axe-core"] = axe_violations(page)

    assert problems == {
        "blocked by the policy": [],
        "script errors": [],
        "sideways scroll (pixels)": 0,
        "axe-core": [],
    }


def test_a_menu_button_the_editor_cannot_use_yet_is_announced_as_unavailable(page, live_server):
    post = site_objects()["post"]
    sign_in(page, person(EDITOR), live_server.url)
    page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    link = page.get_by_role("button", name="insert link", exact=True)
    # Nothing is selected, and a link needs words to go on: a screen reader hears "unavailable".
    expect(link).to_have_attribute("aria-disabled", "true")
    expect(page.get_by_role("button", name="insert link", disabled=True)).to_have_count(1)

    select_a_paragraph(page, "Out before dawn")

    expect(link).to_be_enabled()
    expect(link).not_to_have_attribute("aria-disabled", "true")
    # Buttons that need no selection are never marked.
    expect(page.get_by_role("button", name="bold", exact=True)).to_be_enabled()


def sideways_scroll_inside(page, selector):
    """Return how many pixels the element's content is wider than the element shows."""
    return page.locator(selector).evaluate("element => element.scrollWidth - element.clientWidth")


def test_the_post_list_fits_a_1280_pixel_window_without_sideways_scrolling(page, live_server):
    # Django's admin lets a wide list scroll inside its own box (.results), so the page itself
    # never scrolls sideways and problems_on cannot see it: the list's box is measured too.
    objects = site_objects()
    make_post(
        title="Budget consultation: what you told us about libraries, roads and bins",
        tags=["budget", "consultation", "libraries"],
        is_sticky=True,
    )
    sign_in(page, person(EDITOR), live_server.url)
    page.set_viewport_size({"width": DESKTOP_WIDTH, "height": 800})

    problems = problems_on(page, admin_url("posts_post_changelist")(objects))
    problems["sideways scroll in the list (pixels)"] = sideways_scroll_inside(
        page, "#changelist .results"
    )

    assert problems == {
        "blocked by the policy": [],
        "script errors": [],
        "sideways scroll (pixels)": 0,
        "sideways scroll in the list (pixels)": 0,
    }

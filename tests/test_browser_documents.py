"""Documents and embedded players from the post editor, in Chromium (issue 15).

A communications editor uploads a PDF with the document button, pastes a YouTube address, gives
the player a title, and publishes; a reader sees the link's words with the type, size and pages,
downloads the file behind sign-in, and the page has no axe-core violation, no Nu validator error
and nothing the Content Security Policy blocks. A draft's document stays closed to readers.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.test.testcases import _MediaFilesHandler
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import roles_set_up
from documents.models import Document
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.browser import (
    RECORD_CSP_VIOLATIONS,
    axe_violations,
    csp_violations,
    html_errors,
    leave_quietly,
    let_the_editor_take_focus,
    screenshot,
    sign_in,
)
from tests.documentfiles import csv_bytes, make_document, pdf_bytes
from tests.helpers import make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_ADDRESS = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42"
PLAYER_ADDRESS = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
PLAYER_TITLE = "Video: the budget in two minutes"
# No network in the tests: the player's host answers with a small page of its own.
PLAYER_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>Player</title></head>'
    "<body><main><p>The player would be here.</p></main></body></html>"
)


@pytest.fixture(autouse=True)
def media_through_the_app(monkeypatch):
    """Send /media/ addresses to the site, which checks who may have each file.

    Django's live server otherwise sends files from MEDIA_ROOT itself, to anyone, as no real
    deployment of the blog does (nginx sends a file only after the app's X-Accel-Redirect).
    """
    monkeypatch.setattr(_MediaFilesHandler, "_should_handle", lambda handler, path: False)


def communications_editor():
    roles_set_up()
    editor = make_user("comms", first_name="Eddie", last_name="Editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS))
    return editor


def paste_text(page, target, text):
    """Paste text into the editor as the clipboard would."""
    target.evaluate(
        """(element, text) => {
          const data = new DataTransfer();
          data.setData("text/plain", text);
          const options = { clipboardData: data, bubbles: true, cancelable: true };
          element.dispatchEvent(new ClipboardEvent("paste", options));
        }""",
        text,
    )


def axe_violations_keeping_the_policy_count(page):
    """Run axe-core, whose own styles the policy blocks, after reading what it blocked so far."""
    assert csp_violations(page) == []
    found = axe_violations(page)
    page.evaluate("window.cspViolations.splice(0)")
    return found


def test_a_pdf_and_a_video_go_from_the_editor_to_a_reader(page, live_server, tmp_path):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(body=PLAYER_PAGE, content_type="text/html"),
    )
    editor = communications_editor()
    sign_in(page, editor, live_server.url)
    page.goto(reverse("admin:posts_post_add"))
    page.get_by_label("Title", exact=True).fill("Next year's budget is agreed")
    body = page.locator(".writing-body [contenteditable=true]")
    body.fill("The budget is agreed. Read the report and watch the film.")

    # The document button: choose the PDF, give its title, upload and insert.
    page.get_by_role("button", name="Add a document").click()
    dialog = page.get_by_role("dialog", name="Add a document")
    with page.expect_file_chooser() as chooser:
        dialog.get_by_label("Document from your computer").click()
    chooser.value.set_files(
        {"name": "Budget_2026-27.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(12)}
    )
    expect(dialog.get_by_label("Title (required)")).to_have_value("Budget 2026 27")
    dialog.get_by_label("Title (required)").fill("Budget 2026/27")
    assert axe_violations_keeping_the_policy_count(page) == []
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_have_count(0, timeout=30_000)
    link = body.locator("p.attachment a")
    expect(link).to_have_text(re.compile(r"^Budget 2026/27 \(PDF, \d+ KB, 12 pages\)$"))

    # Pasting a YouTube address asks for the player's title, and embeds the no-cookie player.
    # Clicking the document selects it, and never leaves the page for the file.
    link.click()
    expect(page).to_have_url(re.compile(r"/admin/posts/post/add/"))
    body.locator("p").first.click()
    let_the_editor_take_focus(page)
    page.keyboard.press("End")
    paste_text(page, body, WATCH_ADDRESS)
    embed = page.get_by_role("dialog", name="Embed a video")
    expect(embed.get_by_label("Address of the video (required)")).to_have_value(WATCH_ADDRESS)
    embed.get_by_role("button", name="Embed").click()
    expect(embed.get_by_text("Write the title: say what the video is.").first).to_be_visible()
    embed.get_by_label("Title (required)").fill(PLAYER_TITLE)
    assert axe_violations_keeping_the_policy_count(page) == []
    embed.get_by_role("button", name="Embed").click()
    expect(embed).to_have_count(0)
    expect(body.locator(".embed-placeholder")).to_contain_text(PLAYER_TITLE)
    assert csp_violations(page) == []

    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Readers can see it now.").wait_for()
    # The writing screen autosaves and says who is editing on a timer; on SQLite the live
    # server shares this test's connection, so leave it before reading from here.
    leave_quietly(page)
    post = Post.objects.get(title="Next year's budget is agreed")
    document = Document.objects.get()
    assert list(document.posts.all()) == [post]
    assert f'<iframe src="{PLAYER_ADDRESS}" title="{PLAYER_TITLE}"' in post.body

    # Opened again, the editor shows both as it made them, and saving changes nothing.
    page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    expect(body.locator("p.attachment a")).to_have_text(document.label)
    expect(body.locator(".embed-placeholder")).to_contain_text(PLAYER_TITLE)
    saved_body = post.body
    page.get_by_role("button", name="Update", exact=True).click()
    page.get_by_text("Post updated. Readers see the changes now.").wait_for()
    leave_quietly(page)
    post.refresh_from_db()
    assert post.body == saved_body

    # A reader sees the link's words and the player, and downloads the file.
    reader = make_user("reader", first_name="Robin", last_name="Reader")
    sign_in(page, reader, live_server.url)
    page.goto(post.get_absolute_url())
    reader_link = page.get_by_role(
        "link", name=re.compile(r"^Budget 2026\/27 \(PDF, \d+ KB, 12 pages\)$")
    )
    expect(reader_link).to_be_visible()
    expect(
        page.frame_locator(f'iframe[title="{PLAYER_TITLE}"]').get_by_text(
            "The player would be here."
        )
    ).to_be_visible()
    assert axe_violations_keeping_the_policy_count(page) == []
    assert csp_violations(page) == []
    screenshot(page, "post-with-document-and-video")
    download = page.request.get(reader_link.get_attribute("href"))
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.body().startswith(b"%PDF-")

    reader_client = Client()
    reader_client.force_login(reader)
    html = reader_client.get(post.get_absolute_url()).text
    assert html_errors({"post": html}, tmp_path) == {"post": []}

    # Signed out, the file is behind sign-in.
    anonymous = page.context.browser.new_context(base_url=live_server.url)
    try:
        answer = anonymous.request.get(document.file.url, max_redirects=0)
        assert answer.status == 302
        assert answer.headers["location"].startswith("/login/")
    finally:
        anonymous.close()


def test_a_drafts_document_is_not_found_by_a_reader(page, live_server):
    document = make_document("Draft plans")
    make_post(
        status=Post.Status.DRAFT,
        body=f'<p class="attachment"><a href="{document.file.url}">{document.label}</a></p>',
    )
    sign_in(page, make_user("reader"), live_server.url)

    assert page.request.get(document.file.url).status == 404
    assert page.request.get(document.thumbnail.url).status == 404


def test_a_file_dropped_on_the_text_is_checked_and_a_refusal_keeps_what_was_typed(
    page, live_server
):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, communications_editor(), live_server.url)
    page.goto(reverse("admin:posts_post_add"))
    body = page.locator(".writing-body [contenteditable=true]")
    body.fill("The spending figures for March.")

    # A "PDF" that is a program, dropped on the text.
    body.evaluate(
        """(element) => {
          const data = new DataTransfer();
          const program = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]);
          data.items.add(new File([program], "report.pdf", { type: "application/pdf" }));
          const box = element.getBoundingClientRect();
          const options = { dataTransfer: data, bubbles: true, cancelable: true,
                            clientX: box.left + 10, clientY: box.top + 10 };
          element.dispatchEvent(new DragEvent("drop", options));
        }"""
    )
    dialog = page.get_by_role("dialog", name="Add a document")
    expect(dialog.get_by_text("Chosen: report.pdf")).to_be_visible()
    dialog.get_by_label("Title (required)").fill("Spending in March")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.get_by_role("alert")).to_contain_text("This file is a program, not a document")
    expect(dialog.get_by_label("Title (required)")).to_have_value("Spending in March")
    assert not Document.objects.exists()

    # The right file, chosen in the same dialog, goes in with the title already typed.
    with page.expect_file_chooser() as chooser:
        dialog.get_by_label("Document from your computer").click()
    chooser.value.set_files({"name": "march.csv", "mimeType": "text/csv", "buffer": csv_bytes()})
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_have_count(0, timeout=30_000)
    expect(body.locator("p.attachment a")).to_have_text("Spending in March (CSV, 96 bytes)")
    expect(body).to_contain_text("The spending figures for March.")
    assert csp_violations(page) == []

"""One post with every kind of media the editor makes: a document, an embedded player, a video
and a recording. Issue 15 asks for zero axe violations and zero Nu validator errors on it."""

import pytest
from django.test import Client
from django.test.testcases import _MediaFilesHandler
from playwright.sync_api import expect

from audiovideo.players import player_html
from tests.avmedia import TRANSCRIPT, make_recording, needs_ffmpeg
from tests.browser import (
    RECORD_CSP_VIOLATIONS,
    axe_violations,
    csp_violations,
    html_errors,
    screenshot,
    sign_in,
)
from tests.documentfiles import attachment_html, make_document, pdf_bytes
from tests.helpers import make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_ffmpeg]

PLAYER_ADDRESS = "https://www.youtube-nocookie.com/embed/budget2026"
PLAYER_TITLE = "Video: the chief executive on the budget"
PLAYER_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>Player</title></head>'
    "<body><main><p>A stand-in for the video service.</p></main></body></html>"
)


@pytest.fixture(autouse=True)
def media_through_the_app(monkeypatch):
    """Send /media/ addresses through the site's own sign-in check, as nginx does."""
    monkeypatch.setattr(_MediaFilesHandler, "_should_handle", lambda handler, path: False)


def test_a_post_with_a_document_an_embed_a_video_and_a_recording_is_valid_and_accessible(
    page, live_server, tmp_path
):
    document = make_document(title="Budget 2026/27", content=pdf_bytes(pages=3))
    video = make_recording("webm", transcript=TRANSCRIPT, title="Budget message")
    recording = make_recording("ogg", transcript=TRANSCRIPT, title="Staff call")
    post = make_post(
        title="The budget, in every form",
        body=(
            "<p>The budget is agreed. The report is attached.</p>"
            + attachment_html(document)
            + f'<iframe src="{PLAYER_ADDRESS}" title="{PLAYER_TITLE}"></iframe>'
            + "<p>My message, and the staff call.</p>"
            + player_html(video)
            + player_html(recording)
        ),
    )
    # The sanitiser kept all four.
    for kept in ('class="attachment"', "<iframe", "<video", "<audio", "<track"):
        assert kept in post.body

    reader = make_user("reader")
    client = Client()
    client.force_login(reader)
    assert html_errors({"post": client.get(post.get_absolute_url()).text}, tmp_path) == {"post": []}

    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(body=PLAYER_PAGE, content_type="text/html"),
    )
    sign_in(page, reader, live_server.url)
    page.goto(post.get_absolute_url())
    expect(page.get_by_role("link", name="Budget 2026/27 (PDF,", exact=False)).to_be_visible()
    expect(
        page.frame_locator(f'iframe[title="{PLAYER_TITLE}"]').get_by_text("stand-in")
    ).to_be_visible()
    expect(page.locator(".post-body video")).to_have_count(1)
    expect(page.locator(".post-body audio")).to_have_count(1)
    for summary in page.locator(".post-body summary").all():
        summary.click()
    assert csp_violations(page) == []
    # axe-core's own styles are blocked by the policy: its reports are not the page's.
    page.evaluate("window.cspViolations.splice(0)")
    assert axe_violations(page) == []
    screenshot(page, "post-with-every-kind-of-media")

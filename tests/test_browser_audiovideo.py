"""Video and audio in Chromium: uploaded from the editor with captions, published, played and
sought by a reader, with no accessibility violations on the page."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import roles_set_up
from audiovideo.models import Recording
from audiovideo.players import player_html
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.avmedia import CAPTIONS, TRANSCRIPT, make_recording, media_bytes, needs_ffmpeg
from tests.browser import (
    RECORD_CSP_VIOLATIONS,
    axe_violations,
    csp_violations,
    html_errors,
    screenshot,
    sign_in,
)
from tests.helpers import make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_ffmpeg]

INTRO = "Here is my message to staff about next year's budget."


def communications_editor():
    roles_set_up()
    editor = make_user("comms", first_name="Eddie", last_name="Editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS))
    return editor


def choose(dialog, label, file):
    dialog.get_by_label(label).set_input_files(file)


def test_a_video_uploaded_in_the_editor_with_captions_is_published_and_a_reader_seeks_it(
    page, live_server
):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    make_user("ceo", first_name="Sam", last_name="Chief")
    sign_in(page, communications_editor(), live_server.url)
    page.goto(reverse("admin:posts_post_add"))
    page.get_by_role("button", name="Add a video or audio").wait_for()
    page.get_by_label("Title", exact=True).fill("The budget, in a minute")
    page.locator(".writing-body [contenteditable=true]").fill(INTRO)

    page.get_by_role("button", name="Add a video or audio").click()
    dialog = page.get_by_role("dialog", name="Add a video or audio")
    dialog.get_by_label("Title").fill("The chief executive on the budget")
    # A text file renamed .mp4 is refused in words; the dialog keeps what was typed.
    fake = {"name": "budget.mp4", "mimeType": "video/mp4", "buffer": b"Not a video at all.\n" * 9}
    choose(dialog, "Video or audio file", fake)
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.get_by_role("alert")).to_contain_text(
        "This file is not a video or a recording the blog can play."
    )
    expect(dialog.get_by_label("Title")).to_have_value("The chief executive on the budget")
    video = {"name": "budget.mp4", "mimeType": "video/mp4", "buffer": media_bytes("mp4")}
    choose(dialog, "Video or audio file", video)
    captions = {"name": "budget.vtt", "mimeType": "text/vtt", "buffer": CAPTIONS.encode()}
    choose(dialog, "Captions (WebVTT, for a video)", captions)
    dialog.get_by_label("Transcript").fill(TRANSCRIPT)
    assert axe_violations(page) == []
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_have_count(0, timeout=30_000)
    expect(page.locator(".writing-body video track")).to_have_count(1)
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Readers can see it now.").wait_for()
    assert csp_violations(page) == []

    recording = Recording.objects.get()
    post = Post.objects.get(title="The budget, in a minute")
    assert post.is_published
    assert f'src="/media/{recording.captions.name}"' in post.body

    # Opened again, the editor shows the same player: nothing is lost on the way back in.
    page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    expect(page.locator(".writing-body video track")).to_have_count(1)
    expect(page.locator(".writing-body figure details summary")).to_have_text("Transcript")
    expect(page.locator(".writing-body figcaption")).to_have_text(
        "Video: The chief executive on the budget (0:01)"
    )

    reader = make_user("reader")
    page.context.clear_cookies()
    sign_in(page, reader, live_server.url)
    page.goto(post.get_absolute_url())
    player = page.locator(".post-body video")
    expect(player).to_have_attribute("controls", "")
    assert player.get_attribute("autoplay") is None
    track = player.locator("track")
    expect(track).to_have_attribute("kind", "captions")
    expect(track).to_have_attribute("srclang", "en")
    expect(page.locator(".post-body summary")).to_have_text("Transcript")
    # The captions load, and the video seeks: the browser asks for byte ranges and gets them.
    state = player.evaluate(
        """video => new Promise((done, fail) => {
          const seek = () => {
            video.addEventListener("seeked", () => done({
              time: video.currentTime, error: video.error && video.error.code,
              cues: video.textTracks[0] && video.textTracks[0].cues
                ? video.textTracks[0].cues.length : null,
            }), { once: true });
            video.currentTime = 0.5;
          };
          video.textTracks[0].mode = "showing";
          video.addEventListener("error", () => fail("video error " + video.error.code));
          if (video.readyState >= 1) seek(); else video.addEventListener("loadedmetadata", seek);
          setTimeout(() => fail("no seek in 10 s"), 10000);
        })"""
    )
    assert state["error"] is None
    assert 0.4 <= state["time"] <= 0.6
    page.wait_for_function(
        "document.querySelector('.post-body video').textTracks[0].cues.length > 0"
    )
    assert csp_violations(page) == []
    screenshot(page, "audiovideo-post")


def test_a_post_with_video_and_audio_has_no_accessibility_violations(page, live_server, tmp_path):
    video = make_recording("webm", transcript=TRANSCRIPT, title="Budget message")
    recording = make_recording("ogg", transcript=TRANSCRIPT, title="Staff call")
    post = make_post(
        title="Budget message and staff call",
        body=(
            f"<p>{INTRO}</p>{player_html(video)}<p>And the staff call.</p>{player_html(recording)}"
        ),
    )
    reader = make_user("reader")
    client = Client()
    client.force_login(reader)
    document = client.get(post.get_absolute_url()).text
    assert html_errors({"post": document}, tmp_path) == {"post": []}
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, reader, live_server.url)
    page.goto(post.get_absolute_url())
    expect(page.locator(".post-body video")).to_have_count(1)
    expect(page.locator(".post-body audio")).to_have_count(1)
    page.locator(".post-body summary").first.click()
    assert axe_violations(page) == []
    assert csp_violations(page) == []
    # Responsive: the player is never wider than the phone's screen.
    page.set_viewport_size({"width": 320, "height": 700})
    width = page.locator(".post-body video").evaluate("v => v.getBoundingClientRect().width")
    assert width <= 320


def test_the_team_adds_captions_in_the_library_and_its_page_is_accessible(page, live_server):
    recording = make_recording("mp4", captions=False, title="Budget message")
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, communications_editor(), live_server.url)
    page.goto(reverse("admin:audiovideo_recording_change", args=[recording.pk]))
    expect(page.locator(".field-player video")).to_have_count(1)
    assert axe_violations(page) == []
    captions = {"name": "budget.vtt", "mimeType": "text/vtt", "buffer": CAPTIONS.encode()}
    page.get_by_label("Captions (WebVTT)").set_input_files(captions)
    page.get_by_label("Transcript").fill(TRANSCRIPT)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was changed successfully").wait_for()
    recording.refresh_from_db()
    assert recording.captions.name.endswith(".vtt")
    assert recording.transcript == TRANSCRIPT
    assert csp_violations(page) == []


def test_a_recording_dropped_on_the_text_is_uploaded_with_its_transcript(page, live_server):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, communications_editor(), live_server.url)
    page.goto(reverse("admin:posts_post_add"))
    body = ".writing-body [contenteditable=true]"
    page.locator(body).click()
    page.evaluate(
        """([selector, bytes]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([new Uint8Array(bytes)], "staff-call.mp3",
            { type: "audio/mpeg" }));
          const target = document.querySelector(selector);
          const rect = target.getBoundingClientRect();
          target.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true,
            dataTransfer: transfer, clientX: rect.left + 10, clientY: rect.top + 10 }));
        }""",
        [body, list(media_bytes("mp3"))],
    )
    dialog = page.get_by_role("dialog", name="Add a video or audio")
    expect(dialog.get_by_text("Chosen: staff-call.mp3")).to_be_visible()
    expect(dialog.get_by_label("Title")).to_be_focused()
    dialog.get_by_label("Transcript").fill(TRANSCRIPT)
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_have_count(0, timeout=30_000)
    expect(page.locator(".writing-body audio")).to_have_count(1)
    expect(page.locator(".writing-body figcaption")).to_have_text("Audio: staff call (0:01)")
    recording = Recording.objects.get()
    assert (recording.kind, recording.mime_type) == ("audio", "audio/mpeg")
    assert csp_violations(page) == []

"""Videos and recordings: uploaded and probed by their content, refused with a message when they
are not what they claim, served with byte ranges, and only to readers once a published post
plays them."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audiovideo.models import Recording
from audiovideo.players import player_html
from posts.models import Post
from tests.avmedia import (
    CAPTIONS,
    TRANSCRIPT,
    captions_upload,
    make_recording,
    media_upload,
    needs_ffmpeg,
)
from tests.helpers import PUBLISHER_PERMS, make_post, make_user, staff_user

pytestmark = [pytest.mark.django_db, needs_ffmpeg]

UPLOAD_URL = reverse("admin:audiovideo_recording_upload")
LIBRARY_PERMS = [*PUBLISHER_PERMS, "audiovideo.add_recording", "audiovideo.view_recording"]


@pytest.fixture
def team(db):
    client = Client()
    client.force_login(staff_user("comms", perms=LIBRARY_PERMS))
    return client


def media_address(name):
    return f"/media/{name}"


# --- Uploading and probing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected_kind", "mime_type", "extension"),
    [
        ("mp4", "video", "video/mp4", "mp4"),
        ("webm", "video", "video/webm", "webm"),
        ("mp3", "audio", "audio/mpeg", "mp3"),
        ("m4a", "audio", "audio/mp4", "m4a"),
        ("ogg", "audio", "audio/ogg", "ogg"),
        ("wav", "audio", "audio/wav", "wav"),
    ],
)
def test_each_kind_is_added_from_the_editor_with_its_type_and_length(
    team, kind, expected_kind, mime_type, extension
):
    response = team.post(UPLOAD_URL, {"title": "Staff call", "file": media_upload(kind)})
    assert response.status_code == 201, response.json()
    described = response.json()
    recording = Recording.objects.get()
    assert (recording.kind, recording.mime_type) == (expected_kind, mime_type)
    assert recording.file.name.endswith(f".{extension}")
    assert 0.9 <= recording.duration <= 1.2
    assert described["caption"] == f"{expected_kind.title()}: Staff call (0:01)"
    assert described["src"] == media_address(recording.file.name)
    if expected_kind == "video":
        assert (recording.width, recording.height) == (160, 120)
        assert recording.poster.name.endswith(".jpg")
        assert recording.poster.read()[:2] == b"\xff\xd8"
    else:
        assert not recording.poster


def test_the_stored_name_is_random_and_the_type_comes_from_the_content(team):
    # A WebM video named .mp4 is stored as what it is.
    response = team.post(UPLOAD_URL, {"file": media_upload("webm", "Sams-leaving-do.mp4")})
    assert response.status_code == 201
    recording = Recording.objects.get()
    assert recording.mime_type == "video/webm"
    assert re.fullmatch(r"audiovideo/\d{4}/\d{2}/[A-Za-z0-9_-]{22}\.webm", recording.file.name)
    assert "Sams" not in recording.file.name
    assert recording.original_name == "Sams-leaving-do.mp4"
    assert recording.title == "Sams leaving do"


def test_a_text_file_renamed_mp4_is_refused_with_a_message(team):
    fake = SimpleUploadedFile("message.mp4", b"Dear all, the video is attached.\n" * 20)
    response = team.post(UPLOAD_URL, {"title": "Message", "file": fake})
    assert response.status_code == 400
    assert response.json()["message"].startswith(
        "The file was not added. This file is not a video or a recording the blog can play."
    )
    assert not Recording.objects.exists()


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(team, settings):
    settings.CEOBLOG_MEDIA_MAX_MB = 0
    response = team.post(UPLOAD_URL, {"file": media_upload("mp4")})
    assert response.status_code == 400
    assert "videos and recordings can be up to 0 MB" in response.json()["message"]
    assert not Recording.objects.exists()


@pytest.mark.parametrize(
    "text",
    ["1\n00:00:00.000 --> 00:00:01.000\nHello\n", "WEBVTT\n\nno cues here\n", "WEBVTTX\n-->"],
)
def test_captions_that_are_not_webvtt_are_refused(team, text):
    response = team.post(
        UPLOAD_URL, {"file": media_upload("mp4"), "captions": captions_upload(text, "c.srt")}
    )
    assert response.status_code == 400
    assert "The captions file is not a WebVTT file" in response.json()["message"]
    assert not Recording.objects.exists()


def test_captions_and_a_transcript_given_at_upload_are_in_the_player(team):
    response = team.post(
        UPLOAD_URL,
        {"file": media_upload("mp4"), "captions": captions_upload(), "transcript": TRANSCRIPT},
    )
    assert response.status_code == 201
    described = response.json()
    recording = Recording.objects.get()
    assert recording.captions.name.endswith(".vtt")
    assert described["captions"] == media_address(recording.captions.name)
    assert described["transcript"] == (
        "<p>Good morning, everyone, and thank you for joining.</p><p>The budget is balanced.</p>"
    )


def test_someone_without_the_library_may_not_upload(db):
    client = Client()
    client.force_login(staff_user("writer-only", perms=PUBLISHER_PERMS))
    response = client.post(UPLOAD_URL, {"file": media_upload("mp4")})
    assert response.status_code == 403
    assert "cannot add videos or recordings" in response.json()["message"]


def test_the_library_admin_adds_captions_to_a_video_later(db):
    recording = make_recording("mp4", captions=False)
    admin = Client()
    admin.force_login(make_user("boss", is_staff=True, is_superuser=True))
    url = reverse("admin:audiovideo_recording_change", args=[recording.pk])
    page = admin.get(url)
    assert page.status_code == 200
    assert "<video controls" in page.text
    response = admin.post(
        url,
        {"title": "Staff message", "captions": captions_upload(), "transcript": TRANSCRIPT},
    )
    assert response.status_code == 302
    recording.refresh_from_db()
    assert recording.captions.read().decode() == CAPTIONS
    assert recording.transcript == TRANSCRIPT


# --- Serving: byte ranges and who may see ---------------------------------------------------


def post_playing(recording, **fields):
    return make_post(
        body=player_html(recording), title="A message from the chief executive", **fields
    )


def test_a_range_request_gets_206_with_that_part(reader_client):
    recording = make_recording("mp4")
    post_playing(recording)
    address = media_address(recording.file.name)
    whole = reader_client.get(address)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Type"] == "video/mp4"
    assert not whole.get("Content-Disposition", "").startswith("attachment")
    content = b"".join(whole.streaming_content)
    size = len(content)
    part = reader_client.get(address, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{size}"
    assert part["Content-Length"] == "100"
    assert b"".join(part.streaming_content) == content[100:200]
    tail = reader_client.get(address, headers={"Range": "bytes=-10"})
    assert b"".join(tail.streaming_content) == content[-10:]
    beyond = reader_client.get(address, headers={"Range": f"bytes={size}-"})
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{size}"


def test_a_draft_s_video_poster_and_captions_are_404_for_readers(reader_client, editor):
    editor_client = Client()
    editor_client.force_login(editor)
    recording = make_recording("mp4")
    post = post_playing(recording, status=Post.Status.DRAFT)
    files = [recording.file.name, recording.poster.name, recording.captions.name]
    for name in files:
        assert reader_client.get(media_address(name)).status_code == 404
        # Staff who may see drafts preview them with their video.
        assert editor_client.get(media_address(name)).status_code == 200
    post.status = Post.Status.PUBLISHED
    post.published_at = post.created_at
    post.save()
    for name in files:
        assert reader_client.get(media_address(name)).status_code == 200


def test_a_recording_in_no_post_is_404_for_readers(reader_client):
    recording = make_recording("mp3", transcript=TRANSCRIPT)
    make_post(body="<p>No recording here.</p>")
    assert reader_client.get(media_address(recording.file.name)).status_code == 404


def test_a_video_whose_still_cannot_be_made_is_kept_without_one(team, monkeypatch):
    monkeypatch.setattr("audiovideo.forms.poster_frame", lambda path, duration: None)
    response = team.post(UPLOAD_URL, {"file": media_upload("mp4")})
    assert response.status_code == 201
    recording = Recording.objects.get()
    assert not recording.poster
    assert recording.file.size == recording.size
    assert "poster" not in player_html(recording)


def test_without_ffmpeg_an_upload_is_refused_with_a_message_for_it(team, monkeypatch):
    monkeypatch.setattr("audiovideo.probe.shutil.which", lambda name: None)
    response = team.post(UPLOAD_URL, {"file": media_upload("mp4")})
    assert response.status_code == 400
    assert "the server is missing ffmpeg. Ask IT to install it" in response.json()["message"]
    assert not Recording.objects.exists()


def test_a_recording_whose_file_went_missing_still_opens_and_saves_in_the_library(db):
    recording = make_recording("mp3", transcript=TRANSCRIPT)
    recording.file.storage.delete(recording.file.name)
    admin = Client()
    admin.force_login(make_user("boss", is_staff=True, is_superuser=True))
    url = reverse("admin:audiovideo_recording_change", args=[recording.pk])
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"title": "Renamed", "transcript": TRANSCRIPT, "file": "3"})
    assert response.status_code == 302
    recording.refresh_from_db()
    assert recording.title == "Renamed"


def test_captions_replaced_in_the_library_play_in_the_published_post_at_once(
    reader_client, settings
):
    # With approval on, the rewritten player is not a change of what was approved: the post
    # stays published.
    settings.CEOBLOG_APPROVAL_REQUIRED = True
    recording = make_recording("mp4")
    post = post_playing(recording)
    old_captions = recording.captions.name
    assert old_captions in reader_client.get(post.get_absolute_url()).text

    admin = Client()
    admin.force_login(make_user("boss", is_staff=True, is_superuser=True))
    corrected = CAPTIONS.replace("Good morning", "Good afternoon")
    response = admin.post(
        reverse("admin:audiovideo_recording_change", args=[recording.pk]),
        {"title": "Staff message", "captions": captions_upload(corrected), "transcript": ""},
    )
    assert response.status_code == 302
    recording.refresh_from_db()
    assert recording.captions.name != old_captions

    # Readers get the corrected captions, and the player never points at a file they cannot open.
    page = reader_client.get(post.get_absolute_url()).text
    assert recording.captions.name in page
    assert old_captions not in page
    track = reader_client.get(media_address(recording.captions.name))
    assert track.status_code == 200
    assert b"".join(track.streaming_content).decode() == corrected
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


def test_a_retitled_recording_is_retitled_in_the_published_post(reader_client):
    recording = make_recording("mp4", title="Staff message")
    post = post_playing(recording)
    recording.title = "Message to staff about the budget"
    recording.save()
    post.refresh_from_db()
    assert "Message to staff about the budget" in post.body
    assert "Message to staff about the budget" in reader_client.get(post.get_absolute_url()).text

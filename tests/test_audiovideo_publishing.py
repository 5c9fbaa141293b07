"""A post with a video needs captions, one with a recording a transcript, before it goes out
(WCAG 2.2 1.2.2 and 1.2.1); the body keeps exactly the player the editor makes."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audiovideo.players import player_html
from posts.models import Post
from posts.sanitize import sanitize_html
from tests.avmedia import CAPTIONS, TRANSCRIPT, make_recording, needs_ffmpeg
from tests.helpers import PUBLISHER_PERMS, make_post, post_form_data, staff_user

pytestmark = [pytest.mark.django_db, needs_ffmpeg]

NO_CAPTIONS = "A video has no captions"
NO_TRANSCRIPT = "A recording has no transcript"
INTRO = "<p>Here is my message to staff about the budget.</p>"


@pytest.fixture
def team(db):
    client = Client()
    client.force_login(staff_user("comms", perms=PUBLISHER_PERMS))
    return client


def draft_with(body):
    return make_post(status=Post.Status.DRAFT, body=INTRO + body, title="Budget message")


def publish(client, post, **fields):
    url = reverse("admin:posts_post_change", args=[post.pk])
    return client.post(url, post_form_data(post, _publish="1", **fields))


def test_a_video_without_captions_cannot_be_published_but_the_draft_is_saved(team):
    recording = make_recording("mp4", captions=False)
    post = draft_with(player_html(recording))
    response = publish(team, post)
    assert response.status_code == 200
    assert "Not published: the post has an accessibility problem to fix first" in response.text
    assert f"{NO_CAPTIONS} (" in response.text
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    # The publish box says why and how to fix it.
    page = team.get(reverse("admin:posts_post_change", args=[post.pk])).text
    assert "need captions to follow a video" in page
    assert (
        "Add a captions file (WebVTT) to the video before publishing: in Videos and audio, open "
        "the video, choose its .vtt file under Captions and save."
    ) in page
    saved = team.post(
        reverse("admin:posts_post_change", args=[post.pk]),
        post_form_data(post, title="Budget message, edited", _save_draft="1"),
    )
    assert saved.status_code == 302
    post.refresh_from_db()
    assert post.title == "Budget message, edited"


def test_scheduling_a_video_without_captions_is_refused(team):
    post = draft_with(player_html(make_recording("webm", captions=False)))
    later = timezone.localtime(timezone.now() + timedelta(days=2))
    response = publish(
        team,
        post,
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1=later.strftime("%H:%M"),
    )
    assert "Not scheduled: the post has an accessibility problem" in response.text
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_a_video_with_captions_is_published_with_its_track(team, reader_client):
    recording = make_recording("mp4")
    post = draft_with(player_html(recording))
    response = publish(team, post)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    page = reader_client.get(post.get_absolute_url()).text
    assert '<video controls="" preload="metadata"' in page or "<video " in page
    assert (
        f'<track kind="captions" srclang="en" label="English" default="" '
        f'src="/media/{recording.captions.name}">'
    ) in page
    assert "autoplay" not in page


def test_captions_added_in_the_library_after_inserting_the_video_let_it_publish(team):
    recording = make_recording("mp4", captions=False)
    post = draft_with(player_html(recording))
    assert NO_CAPTIONS in publish(team, post).text
    recording.captions.save("c.vtt", SimpleUploadedFile("c.vtt", CAPTIONS.encode()))
    recording.transcript = TRANSCRIPT
    recording.save()
    response = publish(team, post)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert f'src="/media/{recording.captions.name}"' in post.body
    assert "<details><summary>Transcript</summary><p>Good morning" in post.body


def test_a_recording_needs_its_transcript(team, reader_client):
    without = make_recording("mp3")
    post = draft_with(player_html(without))
    refused = publish(team, post).text
    assert f"{NO_TRANSCRIPT} (" in refused
    page = team.get(reverse("admin:posts_post_change", args=[post.pk])).text
    assert "Write the transcript in Videos and audio (open the recording" in page
    with_transcript = make_recording("ogg", transcript=TRANSCRIPT)
    post = draft_with(player_html(with_transcript))
    assert publish(team, post).status_code == 302
    page = reader_client.get(Post.objects.get(pk=post.pk).get_absolute_url()).text
    assert "<audio controls" in page
    assert "<summary>Transcript</summary>" in page
    assert "The budget is balanced." in page


# --- The sanitiser keeps the player and nothing more -------------------------------------


def test_the_editor_s_player_is_kept_exactly():
    recording = make_recording("mp4", transcript=TRANSCRIPT)
    player = player_html(recording)
    assert sanitize_html(player) == player
    audio = player_html(make_recording("wav", transcript=TRANSCRIPT))
    assert sanitize_html(audio) == audio


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (
            '<video autoplay loop muted src="/media/audiovideo/2026/12/abc.mp4"></video>',
            '<video src="/media/audiovideo/2026/12/abc.mp4" controls="" preload="metadata">'
            "</video>",
        ),
        (
            '<video controls preload="auto" onplay="alert(1)" src="/media/audiovideo/a/b.webm">'
            "</video>",
            '<video controls="" preload="metadata" src="/media/audiovideo/a/b.webm"></video>',
        ),
        (
            '<video src="https://elsewhere.example/v.mp4" poster="javascript:alert(1)"></video>',
            '<video controls="" preload="metadata"></video>',
        ),
        (
            '<audio src="/media/photos/2026/12/x.jpg"></audio><audio src="//evil.example/a.mp3">'
            "</audio>",
            '<audio controls="" preload="metadata"></audio>'
            '<audio controls="" preload="metadata"></audio>',
        ),
        (
            '<audio src="/media/audiovideo/../../etc/passwd"></audio>',
            '<audio controls="" preload="metadata"></audio>',
        ),
        (
            '<video><source src="/media/audiovideo/a/b.mp4"><track kind="metadata" '
            'src="data:text/vtt,x" srclang="fr"></video>',
            '<video controls="" preload="metadata"><track></video>',
        ),
    ],
)
def test_anything_else_on_a_player_is_removed(typed, kept):
    # The order of attributes the sanitiser adds is its own: compare tags and attribute sets.
    assert elements(sanitize_html(typed)) == elements(kept)


def elements(html):
    """The HTML's start tags in order, each with its attributes as a set."""
    found = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, frozenset(attrs)))

    Reader().feed(html)
    return found

"""Posts with video or audio carry enclosures in their feeds; email alerts link to the post and
embed no player."""

import pytest
from django.core import mail
from django.test import Client

from alerts.sending import alerts_send
from alerts.services import feed_token_create
from audiovideo.players import player_html
from tests.avmedia import TRANSCRIPT, make_recording, needs_ffmpeg
from tests.helpers import make_post, make_subscription, parse_feed

pytestmark = [pytest.mark.django_db, needs_ffmpeg]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.CEOBLOG_SITE_URL = "https://intranet.example.gov.uk"


def test_the_rss_feed_has_an_enclosure_for_the_post_s_video(reader_client):
    video = make_recording("mp4", transcript=TRANSCRIPT)
    recording = make_recording("mp3", transcript=TRANSCRIPT)
    make_post(title="With media", body=player_html(video) + player_html(recording))
    make_post(title="Words only")
    feed = parse_feed(reader_client.get("/feed/"))
    entries = {entry.title: entry for entry in feed.entries}
    [enclosure] = entries["With media"].enclosures
    assert enclosure.href == f"https://intranet.example.gov.uk/media/{video.file.name}"
    assert enclosure.type == "video/mp4"
    assert int(enclosure.length) == video.size == video.file.size
    assert entries["Words only"].enclosures == []
    # Atom carries each of them.
    atom = parse_feed(reader_client.get("/feed/atom/"))
    [with_media] = [entry for entry in atom.entries if entry.title == "With media"]
    links = [link for link in with_media.links if link.rel == "enclosure"]
    assert [(link.type, int(link.length)) for link in links] == [
        ("video/mp4", video.size),
        ("audio/mpeg", recording.size),
    ]


def test_a_private_feed_s_enclosure_opens_for_its_feed_reader(reader):
    recording = make_recording("m4a", transcript=TRANSCRIPT)
    make_post(title="Staff call", body=player_html(recording))
    token = feed_token_create(user=reader).token
    [entry] = parse_feed(Client().get(f"/feed/private/{token}/")).entries
    [enclosure] = entry.enclosures
    site = "https://intranet.example.gov.uk"
    assert enclosure.href.startswith(f"{site}/feed/private/{token}/media/")
    assert enclosure.type == "audio/mp4"
    played = Client().get(enclosure.href.removeprefix(site), headers={"Range": "bytes=0-9"})
    assert played.status_code == 206
    assert b"".join(played.streaming_content) == recording.file.read()[:10]


def test_an_email_alert_links_to_the_post_and_embeds_no_player():
    subscription = make_subscription()
    video = make_recording("mp4", transcript=TRANSCRIPT)
    post = make_post(
        title="Budget message",
        excerpt="My message on the budget.",
        body=player_html(video),
    )
    alerts_send()
    [message] = mail.outbox
    assert message.to == [subscription.user.email]
    address = f"https://intranet.example.gov.uk{post.get_absolute_url()}"
    assert "This post has a video or a recording: watch or listen on the blog." in message.body
    assert f"Read the post: {address}" in message.body
    html, _ = message.alternatives[0]
    # The link carries the alert's marker, so readership counts readers who came from it.
    assert f'<a href="{address}?from=alert">watch or listen on the blog</a>' in html
    for text in (message.body, html):
        assert "<video" not in text
        assert "<audio" not in text
        assert video.file.name not in text

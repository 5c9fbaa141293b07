"""The player markup a post's body holds for a library recording, kept in step with the library.

The editor (audiovideo/static/audiovideo/editor-players.js) makes the same markup, and
posts.sanitize keeps exactly it: a figure holding the player, its transcript and its title.
"""

import re

from django.utils.html import escape, format_html, format_html_join

from audiovideo.models import Recording
from audiovideo.usage import recording_address

# A player as the sanitiser leaves it: the library file it plays is in its src.
PLAYER_FIGURE = re.compile(
    r"<figure>\s*<(?:video|audio)\b[^>]*?\bsrc=\"([^\"]+)\".*?</figure>", re.DOTALL
)


def transcript_html(transcript):
    """The transcript as paragraphs: a blank line starts a new one, a line break stays one."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", transcript or "") if part.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line.strip()) for line in part.splitlines()) + "</p>"
        for part in paragraphs
    )


def player_html(recording):
    """Return the figure that plays recording, with its captions, transcript and title."""
    address = recording_address(recording.file.name)
    if recording.is_video:
        attributes = [("src", address)]
        if recording.poster:
            attributes.append(("poster", recording_address(recording.poster.name)))
        if recording.width and recording.height:
            attributes += [("width", recording.width), ("height", recording.height)]
        track = ""
        if recording.captions:
            track = format_html(
                '<track kind="captions" srclang="en" label="English" default="" src="{}">',
                recording_address(recording.captions.name),
            )
        player = format_html(
            '<video controls="" preload="metadata" {}>{}</video>',
            format_html_join(" ", '{}="{}"', attributes),
            track,
        )
        what = "Video"
    else:
        player = format_html('<audio controls="" preload="metadata" src="{}"></audio>', address)
        what = "Audio"
    transcript = ""
    if recording.transcript.strip():
        transcript = (
            "<details><summary>Transcript</summary>"
            + transcript_html(recording.transcript)
            + "</details>"
        )
    caption = format_html("{}: {} ({})", what, recording.title, recording.duration_text())
    return f"<figure>{player}{transcript}<figcaption>{caption}</figcaption></figure>"


def media_path(address):
    prefix = recording_address("")
    return address.removeprefix(prefix) if address.startswith(prefix) else None


def refresh_players(html):
    """Rewrite each library player in html from the library: its captions, transcript, title."""
    found = {media_path(match[1]) for match in PLAYER_FIGURE.finditer(html or "")}
    found.discard(None)
    if not found:
        return html
    recordings = {r.file.name: r for r in Recording.objects.filter(file__in=found)}

    def rewrite(match):
        recording = recordings.get(media_path(match[1]))
        return player_html(recording) if recording else match[0]

    return PLAYER_FIGURE.sub(rewrite, html)


def recordings_played(html):
    """Return the library recordings the html's players play, in the order they come."""
    paths = [media_path(match[1]) for match in PLAYER_FIGURE.finditer(html or "")]
    paths = [path for path in paths if path]
    if not paths:
        return []
    found = {r.file.name: r for r in Recording.objects.filter(file__in=paths)}
    return [found[path] for path in dict.fromkeys(paths) if path in found]


def post_enclosures(post):
    """The feeds' enclosures for a post (posts.feeds): each recording's path, size and type."""
    return [(r.file.name, r.size, r.mime_type) for r in recordings_played(post.body)]

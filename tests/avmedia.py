"""Tiny videos and recordings for tests, made by ffmpeg when the test runs (CI installs it)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audiovideo.forms import RecordingForm

HAS_FFMPEG = bool(shutil.which("ffmpeg") and shutil.which("ffprobe"))
needs_ffmpeg = pytest.mark.skipif(
    not HAS_FFMPEG, reason="ffmpeg and ffprobe are not installed (apt-get install ffmpeg)"
)

# What ffmpeg makes each kind from: a second of its test pattern and of a tone.
_PATTERN = ["-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10"]
_TONE = ["-f", "lavfi", "-i", "sine=frequency=440:duration=1"]
RECIPES = {
    "mp4": [*_PATTERN, *_TONE, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    "webm": [*_PATTERN, "-c:v", "libvpx-vp9"],
    "mp3": [*_TONE, "-c:a", "libmp3lame"],
    "m4a": [*_TONE, "-c:a", "aac"],
    "ogg": [*_TONE, "-c:a", "libopus"],
    "wav": _TONE,
}
_made = {}

CAPTIONS = (
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nGood morning, everyone, and thank you for joining.\n"
)
TRANSCRIPT = "Good morning, everyone, and thank you for joining.\n\nThe budget is balanced."


def media_bytes(kind):
    """Return a one-second file of kind ("mp4", "webm", "mp3", "m4a", "ogg", "wav")."""
    if kind not in _made:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / f"clip.{kind}"
            subprocess.run(  # noqa: S603
                ["ffmpeg", "-v", "error", "-nostdin", *RECIPES[kind], "-t", "1", str(out)],  # noqa: S607
                check=True,
                timeout=60,
            )
            _made[kind] = out.read_bytes()
    return _made[kind]


def media_upload(kind, name=None):
    return SimpleUploadedFile(name or f"staff-message.{kind}", media_bytes(kind))


def captions_upload(text=CAPTIONS, name="captions.vtt"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/vtt")


def make_recording(kind="mp4", *, captions=True, transcript="", title="Staff message", user=None):
    """Add a recording to the library the way the admin does, and return it."""
    files = {"file": media_upload(kind)}
    if captions and kind in {"mp4", "webm"}:
        files["captions"] = captions_upload()
    form = RecordingForm({"title": title, "transcript": transcript}, files)
    assert form.is_valid(), form.errors
    recording = form.save(commit=False)
    recording.uploaded_by = user
    recording.save()
    return recording

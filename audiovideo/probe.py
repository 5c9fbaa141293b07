"""What an uploaded video or recording really is, read from its content by Debian's ffprobe.

The file is probed under a name with no extension, so ffprobe goes by the bytes alone: a text file
renamed "message.mp4" is refused. The poster frame of a video is made by ffmpeg.
"""

import json
import shutil
import subprocess
from dataclasses import dataclass

from django.core.exceptions import ValidationError

FFPROBE = "ffprobe"
FFMPEG = "ffmpeg"
PROBE_SECONDS = 30
POSTER_SECONDS = 60
POSTER_WIDTH = 1280

NOT_MEDIA = (
    "This file is not a video or a recording the blog can play. Upload an MP4 or WebM video, or an "
    "MP3, M4A, Ogg or WAV recording."
)
NO_TOOLS = (
    "Videos and recordings cannot be added at the moment: the server is missing ffmpeg. "
    "Ask IT to install it (docs/it.md)."
)

# (container as ffprobe names it, codec family) -> (kind, type, extension)
VIDEO_CODECS = {
    "mp4": {"h264", "hevc", "av1", "mpeg4"},
    "webm": {"vp8", "vp9", "av1"},
}
AUDIO_ONLY = {
    "mp3": ("audio/mpeg", "mp3"),
    "mp4": ("audio/mp4", "m4a"),
    "ogg": ("audio/ogg", "ogg"),
    "wav": ("audio/wav", "wav"),
    "aac": ("audio/aac", "aac"),
}
AUDIO_CODECS = {
    "mp3": {"mp3"},
    "mp4": {"aac", "alac", "mp3"},
    "ogg": {"opus", "vorbis", "flac"},
    "wav": {"pcm_s16le", "pcm_s24le", "pcm_u8", "pcm_s32le", "pcm_f32le"},
    "aac": {"aac"},
    "webm": {"opus", "vorbis"},
}


@dataclass
class Probe:
    kind: str
    mime_type: str
    extension: str
    duration: float
    width: int = 0
    height: int = 0


def tools_available():
    return bool(shutil.which(FFPROBE) and shutil.which(FFMPEG))


def _container(format_name):
    names = set(format_name.split(","))
    if "mp4" in names or "mov" in names:
        return "mp4"
    if "webm" in names or "matroska" in names:
        return "webm"
    for name in ("mp3", "ogg", "wav", "aac"):
        if name in names:
            return name
    return None


def probe(path):
    """Return what the file at path is, or raise ValidationError saying why it cannot be played."""
    if not tools_available():
        raise ValidationError(NO_TOOLS, code="no_ffmpeg")
    command = [
        FFPROBE,
        *("-v", "error", "-print_format", "json", "-show_format", "-show_streams"),
        str(path),
    ]
    try:
        result = subprocess.run(  # noqa: S603 (a fixed program; the path is our temporary file)
            command, capture_output=True, timeout=PROBE_SECONDS, check=False
        )
        found = json.loads(result.stdout or b"{}")
    except (subprocess.TimeoutExpired, ValueError, OSError):
        raise ValidationError(NOT_MEDIA, code="not_media") from None
    if result.returncode != 0 or "format" not in found:
        raise ValidationError(NOT_MEDIA, code="not_media")
    return _describe(found)


def _describe(found):
    container = _container(found["format"].get("format_name", ""))
    streams = found.get("streams", [])
    # Cover art in an MP3 or M4A is a still picture, not a video.
    videos = [
        s
        for s in streams
        if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
    ]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    try:
        duration = float(found["format"].get("duration") or 0)
    except ValueError:
        duration = 0
    if videos:
        codec = videos[0].get("codec_name", "")
        if container not in VIDEO_CODECS or codec not in VIDEO_CODECS[container]:
            raise ValidationError(NOT_MEDIA, code="not_media")
        return Probe(
            kind="video",
            mime_type=f"video/{container}",
            extension=container,
            duration=duration,
            width=int(videos[0].get("width") or 0),
            height=int(videos[0].get("height") or 0),
        )
    if audios and container in AUDIO_ONLY:
        codec = audios[0].get("codec_name", "")
        if codec in AUDIO_CODECS.get(container, set()):
            mime_type, extension = AUDIO_ONLY[container]
            return Probe(kind="audio", mime_type=mime_type, extension=extension, duration=duration)
    raise ValidationError(NOT_MEDIA, code="not_media")


def poster_frame(path, duration):
    """Return a JPEG of the video's frame a second in (or half way), or None if ffmpeg fails."""
    at = min(1.0, duration / 2) if duration else 0
    command = [
        FFMPEG,
        *("-v", "error", "-nostdin", "-ss", f"{at:.2f}", "-i", str(path)),
        *("-frames:v", "1", "-vf", f"scale='min({POSTER_WIDTH},iw)':-2"),
        *("-f", "image2", "-c:v", "mjpeg", "pipe:1"),
    ]
    try:
        result = subprocess.run(  # noqa: S603 (a fixed program; the path is our temporary file)
            command, capture_output=True, timeout=POSTER_SECONDS, check=False
        )
    except (subprocess.TimeoutExpired, OSError):
        return None
    if result.returncode != 0 or not result.stdout.startswith(b"\xff\xd8"):
        return None
    return result.stdout

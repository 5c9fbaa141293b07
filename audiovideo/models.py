import re
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone

ORIGINAL_NAME_LENGTH = 255


def _stored_name(extension):
    """A name nobody can guess: audiovideo/2026/12/<random>.<extension>."""
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:5]
    return f"audiovideo/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}.{extension}"


def recording_upload_to(recording, filename):
    # The extension comes from what ffprobe found in the file (audiovideo.probe), not its name.
    recording.original_name = PurePosixPath(filename).name[-ORIGINAL_NAME_LENGTH:]
    return _stored_name(recording.extension or "bin")


def poster_upload_to(recording, filename):
    return _stored_name("jpg")


def captions_upload_to(recording, filename):
    return _stored_name("vtt")


class Recording(models.Model):
    """A video or an audio recording in the library, with its captions and transcript."""

    class Kind(models.TextChoices):
        VIDEO = "video", "Video"
        AUDIO = "audio", "Audio"

    title = models.CharField(
        max_length=200,
        help_text="Shown under the player: what the recording is, “The chief executive’s "
        "message on the budget”.",
    )
    kind = models.CharField(max_length=5, choices=Kind.choices, editable=False)
    file = models.FileField(
        upload_to=recording_upload_to,
        max_length=200,
        help_text="A video (MP4 or WebM) or a recording (MP3, M4A, Ogg or WAV).",
    )
    mime_type = models.CharField("type", max_length=40, editable=False)
    extension = models.CharField(max_length=5, editable=False)
    size = models.PositiveBigIntegerField("size in bytes", default=0, editable=False)
    duration = models.FloatField("length in seconds", default=0, editable=False)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    poster = models.FileField(
        upload_to=poster_upload_to, max_length=200, blank=True, editable=False
    )
    captions = models.FileField(
        upload_to=captions_upload_to,
        max_length=200,
        blank=True,
        help_text="A WebVTT captions file (.vtt) of what is said and heard. Required before a "
        "post with this video can be published.",
    )
    transcript = models.TextField(
        blank=True,
        help_text="Everything said, written out; readers open it under the player. Required "
        "before a post with this recording (audio) can be published.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="uploaded_recordings",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    original_name = models.CharField(
        "uploaded as", max_length=ORIGINAL_NAME_LENGTH, blank=True, editable=False
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "video or audio"
        verbose_name_plural = "videos and audio"

    def __str__(self):
        return self.title

    @property
    def is_video(self):
        return self.kind == self.Kind.VIDEO

    def duration_text(self):
        seconds = round(self.duration)
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        if hours:
            return f"{hours}:{minutes:02d}:{seconds:02d}"
        return f"{minutes}:{seconds:02d}"

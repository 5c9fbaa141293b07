import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from audiovideo.models import Recording
from audiovideo.probe import poster_frame, probe

ACCEPT = "video/mp4,video/webm,audio/mpeg,audio/mp4,audio/aac,audio/ogg,audio/wav,.m4a,.opus"
CAPTIONS_MAX_BYTES = 1024 * 1024
CAPTIONS_REFUSED = (
    "The captions file is not a WebVTT file: it must be text that starts with “WEBVTT” and has at "
    "least one cue (“00:00:01.000 --> 00:00:04.000” then the words). Save captions as .vtt from "
    "your captioning tool."
)


def size_limit_bytes():
    return settings.CEOBLOG_MEDIA_MAX_MB * 1024 * 1024


def size_refusal(size):
    return (
        f"The file is {size / (1024 * 1024):,.0f} MB; videos and recordings can be up to "
        f"{settings.CEOBLOG_MEDIA_MAX_MB:,} MB. Make a shorter or smaller copy (for example, "
        "export the video at 720p) and upload that."
    )


def captions_clean(upload):
    """Check a captions upload is a WebVTT file of a sane size; return it, or raise why not."""
    if upload.size > CAPTIONS_MAX_BYTES:
        raise ValidationError(
            f"The captions file is larger than {CAPTIONS_MAX_BYTES // 1024:,} KB: is it the "
            "right file?",
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(CAPTIONS_REFUSED, code="not_vtt") from None
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if not (first_line == "WEBVTT" or first_line.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError(CAPTIONS_REFUSED, code="not_vtt")
    if "-->" not in text or "\x00" in text:
        raise ValidationError(CAPTIONS_REFUSED, code="not_vtt")
    return upload


class RecordingForm(forms.ModelForm):
    file = forms.FileField(
        label="Video or recording",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=Recording._meta.get_field("file").help_text,
    )
    captions = forms.FileField(
        label="Captions (WebVTT)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
        help_text=Recording._meta.get_field("captions").help_text,
    )

    class Meta:
        model = Recording
        fields = ["title", "file", "captions", "transcript"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.probed = None
        self.poster = None
        if self.instance.pk:
            # A recording's file stays (the admin shows it): upload a new one as a new recording.
            self.fields.pop("file", None)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        if upload.size > size_limit_bytes():
            raise ValidationError(size_refusal(upload.size), code="too_large")
        with tempfile.TemporaryDirectory(prefix="ceoblog-av-") as folder:
            # No extension: ffprobe must go by the content alone.
            path = Path(folder) / "upload"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            self.probed = probe(path)
            if self.probed.kind == "video":
                self.poster = poster_frame(path, self.probed.duration)
        upload.seek(0)
        return upload

    def clean_transcript(self):
        # Browsers send a text box's line breaks as CRLF; stored as plain line breaks.
        return self.cleaned_data.get("transcript", "").replace("\r\n", "\n").strip()

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if upload and hasattr(upload, "content_type"):
            captions_clean(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        probed = self.probed
        if probed and probed.kind == "audio" and cleaned.get("captions"):
            self.add_error("captions", "Captions are for videos; give a recording a transcript.")
        return cleaned

    def save(self, commit=True):
        recording = super().save(commit=False)
        if self.probed is not None:
            probed = self.probed
            recording.kind = probed.kind
            recording.mime_type = probed.mime_type
            recording.extension = probed.extension
            recording.duration = probed.duration
            recording.width = probed.width
            recording.height = probed.height
            recording.size = self.cleaned_data["file"].size
            if self.poster:
                recording.poster.save("poster.jpg", ContentFile(self.poster), save=False)
        if commit:
            recording.save()
        return recording


class RecordingUploadForm(RecordingForm):
    """A recording added from the post editor: its title is its file's name unless given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if not cleaned.get("title") and upload is not None:
            cleaned["title"] = Path(upload.name).stem.replace("-", " ").replace("_", " ")[:200]
        return cleaned

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from audiovideo.editor_api import upload_view
from audiovideo.forms import RecordingForm
from audiovideo.models import Recording
from audiovideo.players import player_html


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    form = RecordingForm
    list_display = ["title", "kind", "length", "has_captions", "has_transcript", "uploaded_at"]
    list_filter = ["kind", "uploaded_at"]
    search_fields = ["title", "transcript", "original_name"]
    readonly_fields = ["player", "details", "original_name", "uploaded_by", "uploaded_at"]
    fields = [
        "title",
        "file",
        "player",
        "details",
        "captions",
        "transcript",
        "original_name",
        "uploaded_by",
        "uploaded_at",
    ]

    class Media:
        css = {"all": ["audiovideo/players.css"]}

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "file"] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Length")
    def length(self, recording):
        return recording.duration_text()

    @admin.display(description="Captions", boolean=True)
    def has_captions(self, recording):
        return bool(recording.captions) if recording.is_video else None

    @admin.display(description="Transcript", boolean=True)
    def has_transcript(self, recording):
        return bool(recording.transcript.strip())

    @admin.display(description="Player")
    def player(self, recording):
        if not recording.pk:
            return "—"
        return mark_safe(player_html(recording))  # noqa: S308 (made of escaped library values)

    @admin.display(description="File")
    def details(self, recording):
        if not recording.pk:
            return "—"
        size = f", {recording.width} × {recording.height} pixels" if recording.width else ""
        return format_html(
            "{}, {}, {}{}",
            recording.mime_type,
            filesizeformat(recording.size),
            recording.duration_text(),
            size,
        )

    def get_urls(self):
        upload = self.admin_site.admin_view(lambda request: upload_view(self, request))
        return [
            path("upload/", upload, name="audiovideo_recording_upload"),
            *super().get_urls(),
        ]

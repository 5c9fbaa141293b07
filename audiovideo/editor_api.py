"""The admin's JSON address the post editor uploads a video or a recording to."""

from django.http import JsonResponse
from django.urls import reverse

from audiovideo.forms import RecordingUploadForm
from audiovideo.players import transcript_html
from audiovideo.usage import recording_address

NOT_ALLOWED = (
    "Your account cannot add videos or recordings to the library. Ask the communications team."
)


def recording_as_json(recording):
    """Describe a recording for the editor: what its player shows (the node's attributes)."""
    what = "Video" if recording.is_video else "Audio"
    return {
        "id": recording.pk,
        "kind": recording.kind,
        "title": recording.title,
        "src": recording_address(recording.file.name),
        "poster": recording_address(recording.poster.name) if recording.poster else "",
        "width": recording.width or None,
        "height": recording.height or None,
        "captions": recording_address(recording.captions.name) if recording.captions else "",
        "transcript": transcript_html(recording.transcript),
        "caption": f"{what}: {recording.title} ({recording.duration_text()})",
        "change_url": reverse("admin:audiovideo_recording_change", args=[recording.pk]),
    }


def upload_view(model_admin, request):
    """Add an uploaded video or recording to the library, or say in words what is wrong."""
    if not model_admin.has_add_permission(request):
        return JsonResponse({"message": NOT_ALLOWED}, status=403)
    if request.method != "POST":
        return JsonResponse({"message": "Send the file as a form."}, status=405)
    form = RecordingUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = {field: list(messages) for field, messages in form.errors.items()}
        words = " ".join(messages[0] for messages in errors.values() if messages)
        return JsonResponse(
            {"message": f"The file was not added. {words}", "errors": errors}, status=400
        )
    recording = form.save(commit=False)
    recording.uploaded_by = request.user
    recording.save()
    model_admin.log_addition(request, recording, [{"added": {}}])
    return JsonResponse(recording_as_json(recording), status=201)

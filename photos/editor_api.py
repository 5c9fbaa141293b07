"""The admin's JSON addresses the post editor uses to upload photos and to choose one."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse

from photos.forms import PhotoUploadForm
from photos.images import THUMBNAIL_WIDTH, photo_body_rendition, photo_renditions
from photos.models import Photo

CHOOSER_PAGE_SIZE = 12
NOT_ALLOWED = "Your account cannot add photos to the library. Ask the communications team."


def photos_matching(query):
    """Return the library's photos, newest first, whose words contain the query."""
    photos = Photo.objects.all()
    if query:
        photos = photos.filter(
            Q(title__icontains=query)
            | Q(alt_text__icontains=query)
            | Q(caption__icontains=query)
            | Q(credit__icontains=query)
        )
    return photos


def photo_as_json(photo):
    """Describe a photo for the editor: what to show in the chooser and what to insert."""
    renditions = photo_renditions(photo)
    fallback = [r for r in renditions if r.mime_type != "image/webp"]
    thumbnail = next((r for r in fallback if r.width >= THUMBNAIL_WIDTH), fallback[-1])
    body = photo_body_rendition(photo, renditions)
    return {
        "id": photo.pk,
        "title": photo.title,
        "alt_text": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
        "width": photo.width,
        "height": photo.height,
        "size": f"{photo.width:,} × {photo.height:,} pixels",
        "body_url": body.url,
        "body_width": body.width,
        "body_height": body.height,
        "thumbnail_url": thumbnail.url,
        "thumbnail_width": thumbnail.width,
        "thumbnail_height": thumbnail.height,
        "change_url": reverse("admin:photos_photo_change", args=[photo.pk]),
    }


def upload_view(model_admin, request):
    """Add an uploaded photo to the library and describe it, or say in words what is wrong."""
    if not model_admin.has_add_permission(request):
        return JsonResponse({"message": NOT_ALLOWED}, status=403)
    if request.method != "POST":
        return JsonResponse({"message": "Send the photo as a form."}, status=405)
    form = PhotoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = {field: list(messages) for field, messages in form.errors.items()}
        message = "The photo was not added. " + " ".join(_first_messages(errors))
        return JsonResponse({"message": message, "errors": errors}, status=400)
    photo = form.save(commit=False)
    photo.uploaded_by = request.user
    photo.save()
    model_admin.log_addition(request, photo, [{"added": {}}])
    # Making the smaller copies now means the post's page and the chooser show them at once.
    return JsonResponse(photo_as_json(photo), status=201)


def _first_messages(errors):
    return [messages[0] for messages in errors.values() if messages]


def chooser_view(model_admin, request):
    """List one page of library photos, searched, for the editor's chooser."""
    if not model_admin.has_view_permission(request):
        return JsonResponse({"message": "Your account cannot see the photo library."}, status=403)
    query = request.GET.get("q", "").strip()
    paginator = Paginator(photos_matching(query), CHOOSER_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "query": query,
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "previous": page.previous_page_number() if page.has_previous() else None,
            "next": page.next_page_number() if page.has_next() else None,
            "photos": [photo_as_json(photo) for photo in page],
        }
    )

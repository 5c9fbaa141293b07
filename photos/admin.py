from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path

from photos.editor_api import chooser_view, photos_matching, upload_view
from photos.forms import PhotoForm
from photos.images import photo_body_url
from photos.models import Photo
from photos.templatetags.photos import picture

PICKER_PAGE_SIZE = 24


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = ["thumbnail", "title", "alt_text", "credit", "uploaded_by", "uploaded_at"]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["uploaded_at", "uploaded_by"]
    search_fields = ["title", "alt_text", "caption", "credit", "original_name"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["preview", "dimensions", "original_name", "uploaded_by", "uploaded_at"]
    fields = [
        "title",
        "image",
        "preview",
        "dimensions",
        "alt_text",
        "caption",
        "credit",
        "original_name",
        "uploaded_by",
        "uploaded_at",
    ]

    class Media:
        css = {"all": ["photos/admin.css"]}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Photo")
    def thumbnail(self, photo):
        return self._picture(photo, sizes="6rem")

    @admin.display(description="Preview")
    def preview(self, photo):
        return self._picture(photo, sizes="24rem") if photo.pk else "—"

    @admin.display(description="Size in pixels")
    def dimensions(self, photo):
        return f"{photo.width:,} × {photo.height:,}" if photo.pk else "—"

    def _picture(self, photo, sizes):
        return render_to_string("photos/_picture.html", picture(photo, sizes=sizes))

    def get_urls(self):
        picker = self.admin_site.admin_view(self.picker_view)
        upload = self.admin_site.admin_view(lambda request: upload_view(self, request))
        chooser = self.admin_site.admin_view(lambda request: chooser_view(self, request))
        return [
            path("picker/", picker, name="photos_photo_picker"),
            path("upload/", upload, name="photos_photo_upload"),
            path("chooser/", chooser, name="photos_photo_chooser"),
            *super().get_urls(),
        ]

    def picker_view(self, request):
        """List library photos in a pop-up from which the body editor inserts one."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()
        page = Paginator(photos_matching(query), PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        choices = [(photo, photo_body_url(photo), figure_caption(photo)) for photo in page]
        context = {
            **self.admin_site.each_context(request),
            "title": "Choose a photo",
            "opts": self.opts,
            "query": query,
            "page_obj": page,
            "choices": choices,
            "editor_callback": request.GET.get("CKEditorFuncNum", ""),
            "is_popup": True,
        }
        return TemplateResponse(request, "admin/photos/photo/picker.html", context)


def figure_caption(photo):
    """Return the caption and credit as one line, as a figure in a post shows them."""
    if photo.caption and photo.credit:
        return f"{photo.caption} Photo: {photo.credit}"
    if photo.credit:
        return f"Photo: {photo.credit}"
    return photo.caption

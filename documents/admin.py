from django.contrib import admin
from django.urls import path
from django.utils.html import format_html

from documents.editor_api import chooser_view, upload_view
from documents.files import document_facts
from documents.forms import DocumentForm
from documents.models import Document
from documents.thumbnails import document_thumbnail_make


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentForm
    list_display = ["title", "facts", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "uploaded_at"]
    search_fields = ["title", "original_name"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["facts", "first_page", "original_name", "uploaded_by", "uploaded_at"]
    fields = ["title", "file", "facts", "first_page", "original_name", "uploaded_by", "uploaded_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        # After the document is saved: a picture that cannot be drawn loses nothing.
        document_thumbnail_make(obj)

    @admin.display(description="Type and size")
    def facts(self, document):
        return document_facts(document.kind, document.size, document.pages) if document.pk else "—"

    @admin.display(description="First page")
    def first_page(self, document):
        if not document.thumbnail:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" class="document-first-page">',
            document.thumbnail.url,
            (document.thumbnail_width or 0) // 2,
            (document.thumbnail_height or 0) // 2,
        )

    def get_urls(self):
        upload = self.admin_site.admin_view(lambda request: upload_view(self, request))
        chooser = self.admin_site.admin_view(lambda request: chooser_view(self, request))
        return [
            path("upload/", upload, name="documents_document_upload"),
            path("chooser/", chooser, name="documents_document_chooser"),
            *super().get_urls(),
        ]

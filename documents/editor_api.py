"""The admin's JSON addresses the post editor uses to upload a document and to choose one."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse

from documents.files import KINDS, document_facts
from documents.forms import DocumentUploadForm
from documents.models import Document
from documents.thumbnails import document_thumbnail_make

CHOOSER_PAGE_SIZE = 12
NOT_ALLOWED = "Your account cannot add documents to the library. Ask the communications team."


def documents_matching(query):
    documents = Document.objects.all()
    if query:
        documents = documents.filter(Q(title__icontains=query) | Q(original_name__icontains=query))
    return documents


def document_as_json(document):
    """Describe a document for the editor: what to show and what to insert."""
    return {
        "id": document.pk,
        "title": document.title,
        "kind": KINDS[document.kind].name if document.kind in KINDS else "File",
        "facts": document_facts(document.kind, document.size, document.pages),
        "label": document.label,
        "url": document.file.url,
        "thumbnail_url": document.thumbnail.url if document.thumbnail else "",
        "thumbnail_width": document.thumbnail_width,
        "thumbnail_height": document.thumbnail_height,
        "change_url": reverse("admin:documents_document_change", args=[document.pk]),
    }


def upload_view(model_admin, request):
    """Add an uploaded document to the library and describe it, or say in words what is wrong."""
    if not model_admin.has_add_permission(request):
        return JsonResponse({"message": NOT_ALLOWED}, status=403)
    if request.method != "POST":
        return JsonResponse({"message": "Send the document as a form."}, status=405)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = {field: list(messages) for field, messages in form.errors.items()}
        firsts = [messages[0] for messages in errors.values() if messages]
        message = "The document was not added. " + " ".join(firsts)
        return JsonResponse({"message": message, "errors": errors}, status=400)
    document = form.save(commit=False)
    document.uploaded_by = request.user
    document.save()
    model_admin.log_addition(request, document, [{"added": {}}])
    # After the document is safely saved: a picture that cannot be drawn loses nothing.
    document_thumbnail_make(document)
    return JsonResponse(document_as_json(document), status=201)


def chooser_view(model_admin, request):
    """List one page of library documents, searched, for the editor's chooser."""
    if not model_admin.has_view_permission(request):
        return JsonResponse(
            {"message": "Your account cannot see the document library."}, status=403
        )
    query = request.GET.get("q", "").strip()
    paginator = Paginator(documents_matching(query), CHOOSER_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "query": query,
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "previous": page.previous_page_number() if page.has_previous() else None,
            "next": page.next_page_number() if page.has_next() else None,
            "documents": [document_as_json(document) for document in page],
        }
    )

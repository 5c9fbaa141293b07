"""The body editor's document button (documents/static/documents/editor-documents.js)."""

from django.conf import settings
from django.urls import reverse_lazy
from django.utils.functional import lazy

from documents.files import ACCEPT

# Read when a page is made, not when this module is imported, so that settings can move it.
MAX_MEGABYTES = lazy(lambda: str(settings.CEOBLOG_DOCUMENT_MAX_MB), str)()

DOCUMENT_EXTENSIONS = {
    "DocumentLink": {
        "uploadUrl": reverse_lazy("admin:documents_document_upload"),
        "chooserUrl": reverse_lazy("admin:documents_document_chooser"),
        "maxMegabytes": MAX_MEGABYTES,
        "accept": ACCEPT,
    },
}

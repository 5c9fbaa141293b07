import re
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone

from documents.files import document_facts
from posts.models import Post

ORIGINAL_NAME_LENGTH = 255


def document_upload_to(document, filename):
    """Return a stored name nobody can guess: documents/2026/12/<random>.pdf.

    The extension is the one of the type found in the file's content (documents.files), never
    the one it arrived with; the name it arrived with is kept in original_name for the library.
    """
    document.original_name = PurePosixPath(filename).name[-ORIGINAL_NAME_LENGTH:]
    extension = re.sub(r"[^a-z0-9]", "", PurePosixPath(filename).suffix.lower())[:5]
    suffix = f".{extension}" if extension else ""
    return f"documents/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}{suffix}"


def thumbnail_upload_to(document, filename):
    return f"documents/thumbnails/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}.png"


class Document(models.Model):
    """One file in the document library (a PDF, an Office or OpenDocument file, a CSV)."""

    title = models.CharField(
        max_length=200,
        help_text="The words of the link readers see: “Budget 2026/27”. The type, size and "
        "number of pages are added after it.",
    )
    file = models.FileField(
        upload_to=document_upload_to,
        max_length=200,
        help_text="A PDF, Word, Excel, PowerPoint, OpenDocument or CSV file.",
    )
    # What the content showed the file to be: a key of documents.files.KINDS ("pdf", "docx"...).
    kind = models.CharField(max_length=8, editable=False)
    size = models.PositiveBigIntegerField("size in bytes", editable=False, default=0)
    pages = models.PositiveIntegerField(
        editable=False, null=True, blank=True, help_text="Counted for PDFs only."
    )
    # A picture of a PDF's first page; empty for other types, or if it could not be made.
    thumbnail = models.ImageField(
        upload_to=thumbnail_upload_to,
        max_length=200,
        blank=True,
        editable=False,
        width_field="thumbnail_width",
        height_field="thumbnail_height",
    )
    thumbnail_width = models.PositiveIntegerField(editable=False, null=True, blank=True)
    thumbnail_height = models.PositiveIntegerField(editable=False, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="uploaded_documents",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    original_name = models.CharField(
        "uploaded as",
        max_length=ORIGINAL_NAME_LENGTH,
        blank=True,
        editable=False,
        help_text="The file's name on the computer it came from.",
    )
    # The posts whose body links to it (kept by documents.usage on every save of a post):
    # readers may download it once one of them is published.
    posts = models.ManyToManyField(Post, related_name="body_documents", blank=True, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def label(self):
        """The link's words: “Budget 2026/27 (PDF, 2.3 MB, 12 pages)”."""
        return f"{self.title} ({document_facts(self.kind, self.size, self.pages)})"

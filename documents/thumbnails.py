"""A picture of a PDF's first page, shown beside the link to it in a post."""

import io
import logging

import pypdfium2
from django.core.files.base import ContentFile

logger = logging.getLogger(__name__)

# Drawn at twice the width it is shown at (documents.css), so it is sharp on fine screens.
THUMBNAIL_WIDTH = 200
# A page far taller than it is wide (a receipt roll) is cut, not made a thin sliver.
THUMBNAIL_MAX_HEIGHT = 400


def pdf_first_page_png(content):
    """Return the PDF's first page as (PNG bytes, width, height), THUMBNAIL_WIDTH pixels wide."""
    pdf = pypdfium2.PdfDocument(content)
    try:
        page = pdf[0]
        try:
            width, _height = page.get_size()
            image = page.render(scale=THUMBNAIL_WIDTH / width, may_draw_forms=False).to_pil()
        finally:
            page.close()
    finally:
        pdf.close()
    if image.width != THUMBNAIL_WIDTH:
        height = max(1, round(image.height * THUMBNAIL_WIDTH / image.width))
        image = image.resize((THUMBNAIL_WIDTH, height))
    if image.height > THUMBNAIL_MAX_HEIGHT:
        image = image.crop((0, 0, image.width, THUMBNAIL_MAX_HEIGHT))
    output = io.BytesIO()
    image.convert("RGB").save(output, format="PNG", optimize=True)
    return output.getvalue(), image.width, image.height


def document_thumbnail_make(document):
    """Give a PDF its first-page picture; return whether it has one.

    Called after the document is saved: when drawing fails (a page PDFium cannot draw, a full
    disk), the document stays in the library without a picture, and the failure is logged.
    """
    if document.kind != "pdf" or document.thumbnail:
        return bool(document.thumbnail)
    try:
        with document.file.open("rb") as stored:
            png, width, height = pdf_first_page_png(stored.read())
        document.thumbnail.save("thumbnail.png", ContentFile(png), save=False)
        document.thumbnail_width, document.thumbnail_height = width, height
        document.save(update_fields=["thumbnail", "thumbnail_width", "thumbnail_height"])
    except Exception:
        logger.exception("The first page of document %s could not be drawn.", document.pk)
        return False
    return True

"""A document's link in a post body kept in step with the library.

The editor writes the link as the library described the document when it was inserted
(documents/static/documents/editor-documents.js): `<p class="attachment"><a href="…">`, the first
page's picture, then “Budget 2026/27 (PDF, 2.3 MB, 12 pages)”. The library can rename a document
or replace its file later; every body that links it follows (a posts.sanitize body refresher
rewrites the link from the library, and documents.usage saves the posts that link it).
"""

import re

from django.utils.html import format_html

from documents.models import Document
from documents.usage import document_paths_in_html

ATTACHMENT_LINK = re.compile(
    r'<p class="attachment"><a href="([^"]*)"[^>]*>[^<]*(?:<img [^>]*>)?[^<]*</a></p>'
)


def attachment_html(document):
    """The link the editor makes for a document, from the library as it is now."""
    picture = ""
    if document.thumbnail:
        picture = format_html(
            '<img src="{}" alt="" width="{}" height="{}">',
            document.thumbnail.url,
            (document.thumbnail_width or 0) // 2,
            (document.thumbnail_height or 0) // 2,
        )
    return format_html(
        '<p class="attachment"><a href="{}">{}{}</a></p>',
        document.file.url,
        picture,
        document.label,
    )


def document_links_refresh(html):
    """Return html with each library document's link rewritten from the library."""
    addresses = ATTACHMENT_LINK.findall(html or "")
    if not addresses:
        return html
    paths = document_paths_in_html("".join(f'href="{address}"' for address in addresses))
    documents = {d.file.url: d for d in Document.objects.filter(file__in=paths)}

    def rewrite(match):
        document = documents.get(match[1])
        return attachment_html(document) if document is not None else match[0]

    return ATTACHMENT_LINK.sub(rewrite, html)

"""Which library documents a post's body links to, and whether readers may download one."""

import posixpath
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Q

from documents.models import Document
from posts.models import Post

_ADDRESSES = re.compile(r'\b(?:href|src)="([^"]*)"')
DOCUMENTS_FOLDER = "documents/"


def document_paths_in_html(html):
    """Return the paths under MEDIA_ROOT of the documents (and their pictures) the HTML shows."""
    paths = set()
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    for value in _ADDRESSES.findall(html or ""):
        path = unquote(urlsplit(value.strip()).path)
        if path.startswith(media_prefix + DOCUMENTS_FOLDER):
            paths.add(posixpath.normpath(path.removeprefix(media_prefix)))
    return paths


def document_ids_in_html(html):
    paths = document_paths_in_html(html)
    if not paths:
        return set()
    return set(Document.objects.filter(file__in=paths).values_list("pk", flat=True))


def post_documents_record(sender, instance, created, raw=False, **kwargs):
    """Keep Document.posts in step with the post's body (a post_save receiver)."""
    if raw:
        return
    shown = document_ids_in_html(instance.body)
    if created and not shown:
        return
    instance.body_documents.set(shown)


def document_file_published(relative_path):
    """Return whether a published post links to the document (or its picture) at the path.

    None for files that are not the library's documents: another rule decides for them.
    """
    if not relative_path.startswith(DOCUMENTS_FOLDER):
        return None
    return (
        Document.objects.filter(Q(file=relative_path) | Q(thumbnail=relative_path))
        .filter(posts__in=Post.objects.published())
        .exists()
    )

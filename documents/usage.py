"""Which library documents a post's body links to, and whether readers may download one."""

import posixpath
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Q

from documents.models import Document
from posts.models import Post
from posts.refresh import post_bodies_refresh

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


def document_file_remember(sender, instance, raw=False, **kwargs):
    """Before a library document is saved, note the addresses of its stored file and picture."""
    stored = None if raw or instance.pk is None else Document.objects.filter(pk=instance.pk).first()
    instance._documents_stored_urls = (
        None
        if stored is None
        else (stored.file.url, stored.thumbnail.url if stored.thumbnail else None)
    )


def document_links_follow(sender, instance, created, raw=False, **kwargs):
    """After a library edit, every post that links the document links it as it is now.

    The sanitiser's refresher (documents.markup) writes each link from the library: a new title
    or a new first-page picture. A new file has a new address, so the old one is replaced in
    the bodies first (the old file is no longer the library's, and readers could not open it).
    The bodies are rewritten, not the posts saved (posts.refresh): a published post stays
    published.
    """
    if raw or created:
        return
    stored_file, stored_picture = getattr(instance, "_documents_stored_urls", None) or (None, None)
    moved = {}
    if stored_file and stored_file != instance.file.url:
        moved[f'href="{stored_file}"'] = f'href="{instance.file.url}"'
    if stored_picture and stored_picture != (
        instance.thumbnail.url if instance.thumbnail else None
    ):
        # The old picture: the refresher puts the new one (or none) in its place.
        moved[f'src="{stored_picture}"'] = 'src=""'
    post_bodies_refresh(instance.posts.all(), moved)

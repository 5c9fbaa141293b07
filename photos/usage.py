"""Which library photos a piece of HTML shows, and which photo a media file belongs to."""

import posixpath
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Q

from photos.models import Photo

# The sanitised body's image addresses: src="..." and each address in srcset="...".
_IMAGE_ADDRESSES = re.compile(r'\b(src|srcset)="([^"]*)"')
# renditions/<photo id>/<name>, as photos.images names a photo's smaller copies; an id too long
# for any database column is not a photo's.
_RENDITION = re.compile(r"renditions/([1-9]\d{0,17})/[^/]+")


def media_photo_filter(relative_path):
    """Return a filter for the photo the media file at relative_path is of, or None.

    relative_path is the file's path under MEDIA_ROOT, already resolved (photos.serving).
    """
    if match := _RENDITION.fullmatch(relative_path):
        return Q(pk=int(match[1]))
    if relative_path.startswith("photos/"):
        return Q(image=relative_path)
    return None


def media_paths_in_html(html):
    """Return the paths under MEDIA_ROOT of the files the HTML's images show."""
    paths = set()
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    for attribute, value in _IMAGE_ADDRESSES.findall(html or ""):
        candidates = value.split(",") if attribute == "srcset" else [value]
        for candidate in candidates:
            words = candidate.split()
            if not words:
                continue
            path = unquote(urlsplit(words[0]).path)
            if path.startswith(media_prefix):
                paths.add(posixpath.normpath(path.removeprefix(media_prefix)))
    return paths


def photo_ids_in_html(html, photos=None):
    """Return the ids of the library photos (of the queryset photos) the HTML's images show."""
    filters = [media_photo_filter(path) for path in sorted(media_paths_in_html(html))]
    filters = [found for found in filters if found is not None]
    if not filters:
        return set()
    combined = Q()
    for found in filters:
        combined |= found
    photos = Photo.objects.all() if photos is None else photos
    return set(photos.filter(combined).values_list("pk", flat=True))

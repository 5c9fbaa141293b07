"""Sending an uploaded file from MEDIA_ROOT, once a view has decided who may have it."""

import mimetypes
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join

INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}


def media_file_path(path):
    """Return (the file's full path, its path under MEDIA_ROOT) for an address; 404 if none.

    "..", doubled slashes and links are resolved first, so the second is the file that would be
    sent: the path to decide who may have it by.
    """
    media_root = Path(settings.MEDIA_ROOT).resolve()
    try:
        full_path = Path(safe_join(media_root, path)).resolve()
        relative = full_path.relative_to(media_root)
        is_file = full_path.is_file()
    except (SuspiciousFileOperation, ValueError, OSError):
        raise Http404("No such file.") from None
    if not is_file:
        raise Http404("No such file.")
    return full_path, relative


def media_file_response(path):
    """Return the file at path under MEDIA_ROOT, or let nginx send it; 404 if there is none."""
    full_path, relative = media_file_path(path)
    content_type = mimetypes.guess_type(full_path.name)[0] or "application/octet-stream"
    inline = content_type in INLINE_MEDIA_TYPES
    if settings.CEOBLOG_MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        location = settings.CEOBLOG_MEDIA_ACCEL_REDIRECT.rstrip("/")
        response["X-Accel-Redirect"] = f"{location}/{quote(relative.as_posix())}"
        if not inline:
            response["Content-Disposition"] = (
                f"attachment; filename*=UTF-8''{quote(full_path.name)}"
            )
    else:
        response = FileResponse(
            full_path.open("rb"), content_type=content_type, as_attachment=not inline
        )
    # Files are for signed-in staff: a shared cache between them and the site must not keep them.
    response["Cache-Control"] = "private, max-age=3600"
    return response

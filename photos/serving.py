"""Sending an uploaded file from MEDIA_ROOT, once a view has decided who may have it."""

import mimetypes
import re
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils._os import safe_join

INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}
# Videos and recordings (audiovideo) play in the page, and need byte ranges to seek.
INLINE_MEDIA_TYPES |= {
    "video/mp4",
    "video/webm",
    "audio/mpeg",
    "audio/mp4",
    "audio/aac",
    "audio/ogg",
    "audio/wav",
    "audio/x-wav",
}
mimetypes.add_type("audio/wav", ".wav")


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


def media_file_response(path, range_header=""):
    """Return the file at path under MEDIA_ROOT, or let nginx send it; 404 if there is none.

    A Range header ("bytes=1000-") gets that part of the file, 206 (nginx does the same for its
    own), so a video can be played from any point.
    """
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
        size = full_path.stat().st_size
        wanted = byte_range(range_header, size)
        if wanted is None:
            response = FileResponse(
                full_path.open("rb"), content_type=content_type, as_attachment=not inline
            )
        elif wanted == UNSATISFIABLE:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
        else:
            response = _part_response(full_path, content_type, *wanted, size)
            if not inline:
                response["Content-Disposition"] = (
                    f"attachment; filename*=UTF-8''{quote(full_path.name)}"
                )
        response["Accept-Ranges"] = "bytes"
    # Files are for signed-in staff: a shared cache between them and the site must not keep them.
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- Byte ranges (RFC 9110, section 14): one range per request, as browsers ask when seeking ---
_RANGE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})")
UNSATISFIABLE = "unsatisfiable"
_CHUNK = 64 * 1024


def byte_range(header, size):
    """Return (first, last) byte of a Range header, UNSATISFIABLE, or None to send it all.

    A header that is not one byte range (several ranges, another unit, nonsense) is ignored, as
    the standard allows: the whole file is sent.
    """
    match = _RANGE.fullmatch((header or "").strip())
    if not match or match[1] == match[2] == "":
        return None
    if match[1] == "":
        length = int(match[2])
        if length == 0:
            return UNSATISFIABLE
        return max(size - length, 0), size - 1
    first = int(match[1])
    if first >= size:
        return UNSATISFIABLE
    last = int(match[2]) if match[2] else size - 1
    if last < first:
        return None
    return first, min(last, size - 1)


def _part_response(full_path, content_type, first, last, size):
    def part():
        with full_path.open("rb") as file:
            file.seek(first)
            left = last - first + 1
            while left > 0:
                chunk = file.read(min(_CHUNK, left))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk

    response = StreamingHttpResponse(part(), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Length"] = str(last - first + 1)
    return response

"""Check and clean uploaded photos, and make the smaller copies that pages show."""

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

# A 100-megapixel camera makes 100 million pixels; anything declaring more than this is a
# "decompression bomb" (a small file that would need gigabytes of memory to open) and is refused
# before its pixels are read. Pillow is told the same limit in PhotosConfig.ready.
MAX_PIXELS = 120_000_000
# Pillow format name -> (the extension we store it under, the format we save it in).
# iPhones make HEIC; some phones' JPEGs open as MPO (a JPEG with a second, hidden picture).
ACCEPTED_FORMATS = {
    "JPEG": ("jpg", "JPEG"),
    "MPO": ("jpg", "JPEG"),
    "HEIF": ("jpg", "JPEG"),
    "PNG": ("png", "PNG"),
    "WEBP": ("webp", "WEBP"),
}
ACCEPTED_NAMES = "a JPEG, PNG, WebP or HEIC (iPhone) photo"
RENDITION_WIDTHS = (480, 800, 1200, 1600)
BODY_WIDTH = 1200
THUMBNAIL_WIDTH = 480


def photo_max_bytes():
    """Return the largest photo file accepted, in bytes (the CEOBLOG_PHOTO_MAX_MB setting)."""
    return settings.CEOBLOG_PHOTO_MAX_MB * 1024 * 1024


def photo_image_clean(upload):
    """Return the upload re-encoded upright, scaled down and without metadata, or say why not.

    Raise ValidationError with a message for the person uploading when the file cannot be used.
    """
    limit = photo_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            f"This file is {upload.size / 1024 / 1024:.1f} MB; the largest accepted is "
            f"{settings.CEOBLOG_PHOTO_MAX_MB} MB. Export a smaller copy and try again.",
            code="too_big",
        )
    upload.seek(0)
    image = _open(upload)
    try:
        extension, save_format = ACCEPTED_FORMATS[image.format]
        try:
            cleaned = _without_metadata(image, save_format)
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise ValidationError(
                "This image is damaged or incomplete (perhaps it did not finish copying). "
                "Open it on your computer to check it, then upload it again.",
                code="damaged",
            ) from error
    finally:
        image.close()
    stem = PurePosixPath(upload.name or "photo").stem or "photo"
    return ContentFile(cleaned, name=f"{stem}.{extension}")


def _open(upload):
    with warnings.catch_warnings():
        # Pillow warns between MAX_IMAGE_PIXELS and twice that, and refuses above; we refuse
        # both, below, with the size in the message when Pillow lets us learn it.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
        except Image.DecompressionBombError as error:
            raise ValidationError(_bomb_message(None), code="bomb") from error
        except UnidentifiedImageError as error:
            raise ValidationError(
                f"This file is not a photo we can read. Upload {ACCEPTED_NAMES}.",
                code="not_image",
            ) from error
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise ValidationError(
                "This image is damaged and cannot be read. Upload it again or use another copy.",
                code="damaged",
            ) from error
    if image.format not in ACCEPTED_FORMATS:
        image.close()
        raise ValidationError(
            f"This is a {image.format} image; upload {ACCEPTED_NAMES} instead.",
            code="format",
        )
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise ValidationError(_bomb_message(image.size), code="bomb")
    return image


def _bomb_message(size):
    megapixels = MAX_PIXELS // 1_000_000
    if size is None:
        claim = "This file claims to be far larger than any camera's photo"
    else:
        width, height = size
        claim = (
            f"This file claims to be {width:,} × {height:,} pixels "
            f"({width * height / 1_000_000:,.0f} megapixels), far more than any camera makes"
        )
    return (
        f"{claim}, so it was not opened: it could be a “decompression bomb” meant to exhaust "
        f"the server's memory. Photos can be up to {megapixels} megapixels."
    )


def _without_metadata(image, save_format):
    long_side = settings.CEOBLOG_PHOTO_LONG_SIDE
    # A JPEG can be decoded at a half, quarter or eighth of its size, which keeps a 100-megapixel
    # photo from taking 300 MB of memory on its way down to the size we keep.
    if max(image.size) > long_side:
        scale = long_side / max(image.size)
        image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
    image.load()
    # Scaled down first, in place, so that turning it (which copies it) works on the small one.
    if max(image.size) > long_side:
        image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    # Turning the pixels the way the camera's orientation tag says lets us drop every EXIF tag
    # (GPS position included) without the photo appearing on its side.
    upright = _without_text(ImageOps.exif_transpose(image))
    output = io.BytesIO()
    options = {}
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if save_format == "JPEG":
        if upright.mode not in {"RGB", "L"}:
            upright = upright.convert("RGB")
        options.update(quality=90, optimize=True)
    elif save_format == "WEBP":
        options.update(quality=90)
    elif upright.mode not in {"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"}:
        upright = upright.convert("RGBA")
    upright.save(output, format=save_format, **options)
    return output.getvalue()


# What Pillow read from the file that saving needs: a PNG's transparent colour. Everything else
# it keeps in image.info is text or data about the photo (a JPEG's comment segment, EXIF, XMP,
# Photoshop's IPTC block, a PNG's text chunks) and some of it Pillow would write back when saving:
# a comment such as "GPS 51.507N ... home of photographer" survived in originals and copies.
KEPT_INFO = {"transparency"}


def _without_text(image):
    """Return the image with only the information needed to save its pixels (it is changed)."""
    image.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
    return image


# JPEG markers: start of image, start of scan (the pixels follow), comment, and the segments
# with no length after them.
_SOI, _SOS, _COM = 0xD8, 0xDA, 0xFE
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def jpeg_without_comments(content):
    """Return a JPEG's bytes with its comment (COM) segments left out, the pixels untouched.

    Return None when there is none to remove, or the bytes are not a JPEG this can walk.
    """
    if content[:2] != b"\xff\xd8":
        return None
    kept, position, removed = [content[:2]], 2, False
    while position + 4 <= len(content):
        if content[position] != 0xFF:
            return None
        marker = content[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            kept.append(content[position : position + 1])
            position += 1
            continue
        if marker in _STANDALONE:
            kept.append(content[position : position + 2])
            position += 2
            continue
        if marker == _SOS:
            break
        end = position + 2 + int.from_bytes(content[position + 2 : position + 4], "big")
        if marker == _COM:
            removed = True
        else:
            kept.append(content[position:end])
        position = end
    else:
        return None
    return b"".join([*kept, content[position:]]) if removed else None


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    name: str
    mime_type: str

    @property
    def url(self):
        return default_storage.url(self.name)


def photo_renditions(photo):
    """Return the photo's smaller copies, fallback format first then WebP, making any missing."""
    fallback = "png" if photo.image.name.lower().endswith(".png") else "jpg"
    planned = [
        _plan(photo, width, extension)
        for extension in (fallback, "webp")
        for width in rendition_widths(photo.width)
    ]
    missing = [rendition for rendition in planned if not default_storage.exists(rendition.name)]
    if missing:
        _make(photo, missing)
    return planned


def rendition_widths(original_width):
    """Return the widths to offer for an image, never wider than the original."""
    widths = [width for width in RENDITION_WIDTHS if width < original_width]
    widths.append(min(original_width, RENDITION_WIDTHS[-1]))
    return sorted(set(widths))


def photo_body_rendition(photo, renditions=None):
    """Return the copy of the photo that goes into a post's body (of renditions, if given)."""
    renditions = renditions or photo_renditions(photo)
    fallback = [rendition for rendition in renditions if rendition.mime_type != "image/webp"]
    fitting = [rendition for rendition in fallback if rendition.width <= BODY_WIDTH]
    return (fitting or fallback)[-1]


def photo_body_url(photo):
    """Return the address of the copy of the photo that goes into a post's body."""
    return photo_body_rendition(photo).url


MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
SAVE_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}


def _plan(photo, width, extension):
    height = max(1, round(photo.height * width / photo.width))
    # The original's name is part of the key, so replacing the file never serves stale copies.
    key = hashlib.sha256(photo.image.name.encode()).hexdigest()[:10]
    stem = PurePosixPath(photo.image.name).stem[:60]
    name = f"renditions/{photo.pk}/{stem}-{key}-{width}w.{extension}"
    return Rendition(width=width, height=height, name=name, mime_type=MIME_TYPES[extension])


def _make(photo, renditions):
    with photo.image.open("rb") as original, Image.open(original) as image:
        image.load()
        # Originals stored before comments were removed may still carry one.
        _without_text(image)
        if image.mode not in {"RGB", "RGBA", "L"}:
            image = image.convert("RGBA")
        for rendition in renditions:
            extension = rendition.name.rsplit(".", 1)[1]
            resized = image.resize(
                (rendition.width, rendition.height), Image.Resampling.LANCZOS, reducing_gap=3.0
            )
            if extension == "jpg" and resized.mode not in {"RGB", "L"}:
                resized = resized.convert("RGB")
            output = io.BytesIO()
            resized.save(output, format=SAVE_FORMATS[extension], quality=82)
            saved = default_storage.save(rendition.name, ContentFile(output.getvalue()))
            if saved != rendition.name:
                # Another request made the same copy a moment earlier; keep theirs.
                default_storage.delete(saved)

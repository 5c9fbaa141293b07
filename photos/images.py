"""Check and clean uploaded photos, and make the smaller copies that pages show."""

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 10_000
MAX_PIXELS = 40_000_000
MAX_BYTES = 30 * 1024 * 1024
# Pillow format name -> the file extension we store it under.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_WIDTHS = (480, 800, 1200, 1600)
BODY_WIDTH = 1200
LIMITS = "at most 10,000 pixels a side and 40 megapixels in all"


def photo_image_clean(upload):
    """Return the upload re-encoded without metadata, or raise ValidationError saying why not."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"This file is {upload.size / 1024 / 1024:.0f} MB; the largest accepted is "
            f"{MAX_BYTES // 1024 // 1024} MB. Export a smaller JPEG and try again.",
            code="too_big",
        )
    upload.seek(0)
    image = _open(upload)
    try:
        _check_dimensions(image.size)
        try:
            image.load()
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                "This image is damaged or incomplete (perhaps it did not finish copying). "
                "Open it on your computer to check it, then upload it again.",
                code="damaged",
            ) from error
        cleaned = _without_metadata(image)
    finally:
        image.close()
    extension = ACCEPTED_FORMATS[image.format]
    stem = PurePosixPath(upload.name or "photo").stem or "photo"
    return ContentFile(cleaned, name=f"{stem}.{extension}")


def _open(upload):
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse outright.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(
                "This image declares far more pixels than a photo needs and was refused: "
                "opening it could exhaust the server's memory (a “decompression bomb”). "
                f"Photos must be {LIMITS}.",
                code="bomb",
            ) from error
        except UnidentifiedImageError as error:
            raise ValidationError(
                "This file is not an image we can read. Upload a JPEG, PNG or WebP photo.",
                code="not_image",
            ) from error
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                "This image is damaged and cannot be read. Upload it again or use another copy.",
                code="damaged",
            ) from error
    if image.format not in ACCEPTED_FORMATS:
        image.close()
        raise ValidationError(
            f"This is a {image.format} image; upload a JPEG, PNG or WebP photo instead.",
            code="format",
        )
    return image


def _check_dimensions(size):
    width, height = size
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ValidationError(
            f"This image is {width:,} × {height:,} pixels; photos must be {LIMITS}. "
            "Resize it and try again.",
            code="too_large",
        )


def _without_metadata(image):
    # Turning the pixels the way the camera's orientation tag says lets us drop every EXIF tag
    # (GPS position included) without the photo appearing on its side.
    upright = ImageOps.exif_transpose(image)
    output = io.BytesIO()
    options = {}
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if image.format == "JPEG":
        upright = upright.convert("RGB") if upright.mode not in {"RGB", "L"} else upright
        options.update(quality=90, optimize=True)
    elif image.format == "WEBP":
        options.update(quality=90)
    upright.save(output, format=image.format, **options)
    return output.getvalue()


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


def photo_body_url(photo):
    """Return the address of the copy of the photo that goes into a post's body."""
    renditions = photo_renditions(photo)
    fallback = [rendition for rendition in renditions if rendition.mime_type != "image/webp"]
    fitting = [rendition for rendition in fallback if rendition.width <= BODY_WIDTH]
    return (fitting or fallback)[-1].url


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

"""Photos as phones make them: HEIC from iPhones, 48 and 100 megapixels, and real bombs."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from photos.images import photo_image_clean
from tests.helpers import image_bytes, png_bytes_declaring

pytestmark = pytest.mark.django_db


def heic_bytes(width=640, height=480, *, exif=None):
    """Return a HEIC photo as an iPhone saves it, made with pillow-heif."""
    output = io.BytesIO()
    options = {"exif": exif.tobytes()} if exif is not None else {}
    Image.new("RGB", (width, height), (30, 140, 60)).save(output, format="HEIF", **options)
    return output.getvalue()


def cleaned(name, content):
    stored = photo_image_clean(SimpleUploadedFile(name, content))
    return stored.name, Image.open(io.BytesIO(stored.read()))


def refusal(name, content):
    with pytest.raises(ValidationError) as refused:
        photo_image_clean(SimpleUploadedFile(name, content))
    return refused.value


def test_an_iphone_heic_photo_is_accepted_and_stored_as_jpeg():
    name, image = cleaned("IMG_0042.HEIC", heic_bytes(640, 480))
    assert name == "IMG_0042.jpg"
    assert image.format == "JPEG"
    assert image.size == (640, 480)


def test_a_heic_photo_loses_its_gps_position():
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 16.0, 30.0)
    original = heic_bytes(exif=exif)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    _, image = cleaned("visit.heic", original)

    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}


def test_a_48_megapixel_phone_photo_is_accepted_and_scaled_down_to_4000_pixels():
    name, image = cleaned("PXL_20260301.jpg", image_bytes(8064, 6048))
    assert name == "PXL_20260301.jpg"
    assert image.size == (4000, 3000)


def test_a_100_megapixel_photo_is_accepted_and_scaled_down():
    _, image = cleaned("medium-format.jpg", image_bytes(12_000, 8_400, quality=60))
    assert image.size == (4000, 2800)


def test_the_long_side_kept_is_a_setting(settings):
    settings.CEOBLOG_PHOTO_LONG_SIDE = 1000
    _, image = cleaned("tall.png", image_bytes(1200, 3000, image_format="PNG"))
    assert image.size == (400, 1000)
    assert image.format == "PNG"


def test_a_photo_smaller_than_the_long_side_keeps_its_size():
    _, image = cleaned("small.webp", image_bytes(1200, 800, image_format="WEBP"))
    assert (image.format, image.size) == ("WEBP", (1200, 800))


def test_a_wide_panorama_is_accepted_and_scaled_down():
    _, image = cleaned("banner.png", png_bytes_declaring(12_000, 50, rows=50))
    assert image.size == (4000, 17)


def test_a_tiny_file_claiming_50000_by_50000_pixels_is_refused_as_a_bomb():
    content = png_bytes_declaring(50_000, 50_000)
    assert len(content) < 200

    error = refusal("bomb.png", content)

    assert error.code == "bomb"
    assert "far larger than any camera's photo" in error.message
    assert "decompression bomb" in error.message
    assert "Photos can be up to 120 megapixels." in error.message


def test_a_file_claiming_150_megapixels_is_refused_with_its_size():
    error = refusal("huge.png", png_bytes_declaring(15_000, 10_000))
    assert error.code == "bomb"
    assert "This file claims to be 15,000 × 10,000 pixels (150 megapixels)" in error.message


def test_a_file_over_the_size_setting_is_refused_in_plain_words(settings):
    settings.CEOBLOG_PHOTO_MAX_MB = 1
    content = image_bytes(200, 200) + b"\x00" * (1024 * 1024 + 200 * 1024)

    error = refusal("big.jpg", content)

    assert error.code == "too_big"
    assert error.message == (
        "This file is 1.2 MB; the largest accepted is 1 MB. Export a smaller copy and try again."
    )


def test_a_truncated_heic_is_refused_in_plain_words():
    whole = heic_bytes(640, 480)
    error = refusal("cut.heic", whole[: len(whole) // 2])
    # libheif cannot even find the picture's size in half a file, so it is not read at all.
    assert error.message == (
        "This file is not a photo we can read. Upload a JPEG, PNG, WebP or HEIC (iPhone) photo."
    )


def test_a_camera_rotated_large_photo_is_scaled_down_and_stored_upright(settings):
    settings.CEOBLOG_PHOTO_LONG_SIDE = 1000
    exif = Image.Exif()
    # Orientation 6: "rotate 90° clockwise to display", as a phone held upright writes it.
    exif[ExifTags.Base.Orientation] = 6
    _, image = cleaned("upright.jpg", image_bytes(3000, 2000, exif=exif))
    assert image.size == (667, 1000)
    assert ExifTags.Base.Orientation not in image.getexif()

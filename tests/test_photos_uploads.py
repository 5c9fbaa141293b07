import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from photos.models import Photo
from tests.helpers import image_bytes, png_bytes_declaring, staff_user

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:photos_photo_add")
PHOTO_PERMS = ["photos.add_photo", "photos.change_photo", "photos.view_photo"]


@pytest.fixture
def photo_editor_client(client):
    client.force_login(staff_user("photographer", perms=PHOTO_PERMS))
    return client


def upload(client, name, content, **fields):
    data = {
        "title": "Opening of the Ashford hub",
        "alt_text": "Ribbon being cut outside the new hub",
        "caption": "",
        "credit": "",
        "image": SimpleUploadedFile(name, content),
        **fields,
    }
    return client.post(ADD_URL, data)


def assert_refused(response, message):
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["image"][0]
    assert message in response.text
    assert Photo.objects.count() == 0


def gps_jpeg(width=60, height=40, orientation=None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Council camera"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 16.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 31.0, 12.0)
    return image_bytes(width, height, exif=exif)


def test_a_good_photo_is_stored_with_who_uploaded_it(photo_editor_client):
    response = upload(photo_editor_client, "hub.jpg", image_bytes(640, 480))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (640, 480)
    assert photo.uploaded_by.username == "photographer"
    assert photo.image.name.endswith(".jpg")


def test_a_text_file_renamed_jpg_is_refused(photo_editor_client):
    response = upload(photo_editor_client, "notes.jpg", b"Minutes of the meeting, not a photo.\n")
    assert_refused(response, "This file is not a photo we can read.")


def test_a_truncated_jpeg_is_refused(photo_editor_client):
    whole = image_bytes(800, 600, color=(10, 120, 200))
    response = upload(photo_editor_client, "half.jpg", whole[: len(whole) // 2])
    assert_refused(response, "This image is damaged or incomplete")


def test_a_20000_pixel_square_image_is_refused(photo_editor_client):
    content = png_bytes_declaring(20_000, 20_000, rows=20_000)
    response = upload(photo_editor_client, "huge.png", content)
    assert_refused(response, "Photos can be up to 120 megapixels.")


def test_a_wide_image_is_accepted_and_scaled_down(photo_editor_client):
    content = png_bytes_declaring(12_000, 50, rows=50)
    response = upload(photo_editor_client, "banner.png", content)
    assert response.status_code == 302
    assert (Photo.objects.get().width, Photo.objects.get().height) == (4000, 17)


def test_a_decompression_bomb_is_refused(photo_editor_client):
    content = png_bytes_declaring(200_000, 200_000)
    assert len(content) < 200
    response = upload(photo_editor_client, "bomb.png", content)
    assert_refused(response, "decompression bomb")


def test_an_unsupported_format_is_refused(photo_editor_client):
    response = upload(photo_editor_client, "scan.bmp", image_bytes(40, 40, image_format="BMP"))
    assert_refused(
        response, "This is a BMP image; upload a JPEG, PNG, WebP or HEIC (iPhone) photo instead."
    )


def test_alt_text_is_required(photo_editor_client):
    response = upload(photo_editor_client, "hub.jpg", image_bytes(), alt_text="")
    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
    assert Photo.objects.count() == 0


def test_gps_location_is_removed_from_an_uploaded_jpeg(photo_editor_client):
    original = gps_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    response = upload(photo_editor_client, "visit.jpg", original)

    assert response.status_code == 302
    with Photo.objects.get().image.open("rb") as stored, Image.open(stored) as image:
        exif = image.getexif()
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert ExifTags.Base.GPSInfo not in exif
        assert b"51" not in image.info.get("exif", b"")


def test_a_camera_rotated_photo_is_stored_upright(photo_editor_client):
    # Orientation 6 means "rotate 90° clockwise to display": a 60×40 sensor image shows as 40×60.
    response = upload(photo_editor_client, "portrait.jpg", gps_jpeg(60, 40, orientation=6))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (40, 60)

"""Uploaded photos are stored under names nobody can guess; the name they came with is kept."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from photos.images import photo_renditions
from photos.models import Photo
from tests.helpers import image_bytes, make_photo, make_post, staff_user

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"photos/\d{4}/\d{2}/[A-Za-z0-9_-]{22}\.jpg")


def upload(client, name):
    return client.post(
        reverse("admin:photos_photo_add"),
        {
            "title": "Library opening",
            "alt_text": "The mayor cutting a ribbon",
            "caption": "",
            "credit": "",
            "image": SimpleUploadedFile(name, image_bytes(640, 480)),
        },
    )


@pytest.fixture
def librarian(client):
    client.force_login(
        staff_user(perms=["photos.add_photo", "photos.change_photo", "photos.view_photo"])
    )
    return client


def test_an_upload_is_stored_under_a_random_name_with_its_extension(librarian):
    assert upload(librarian, "Sams-house-party-IMG_2231.jpg").status_code == 302
    assert upload(librarian, "Sams-house-party-IMG_2231.jpg").status_code == 302

    first, second = Photo.objects.order_by("pk")
    for photo in (first, second):
        assert STORED_NAME.fullmatch(photo.image.name), photo.image.name
        assert "Sams" not in photo.image.name
        assert photo.original_name == "Sams-house-party-IMG_2231.jpg"
        for rendition in photo_renditions(photo):
            assert "Sams" not in rendition.name
    assert first.image.name != second.image.name


def test_the_library_shows_the_name_a_photo_was_uploaded_as(librarian):
    upload(librarian, "Depot-visit.jpg")
    photo = Photo.objects.get()

    page = librarian.get(reverse("admin:photos_photo_change", args=[photo.pk]))

    assert page.status_code == 200
    assert "Uploaded as" in page.text
    assert "Depot-visit.jpg" in page.text
    found = librarian.get(reverse("admin:photos_photo_changelist"), {"q": "Depot-visit"})
    assert "Library opening" in found.text


def test_a_photo_stored_under_its_old_name_still_opens(reader_client, media_root):
    photo = make_photo()
    old_name = "photos/2024/05/team-day.jpg"
    (media_root / "photos/2024/05").mkdir(parents=True)
    (media_root / old_name).write_bytes((media_root / photo.image.name).read_bytes())
    Photo.objects.filter(pk=photo.pk).update(image=old_name)
    make_post(featured_photo=photo)

    response = reader_client.get(f"/media/{old_name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"

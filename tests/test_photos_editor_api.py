"""The addresses the post editor uses to upload a photo there and then, and to choose one."""

import io
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from photos.models import Photo
from tests.helpers import client_as, image_bytes, make_photo, png_bytes_declaring, staff_user
from tests.test_photos_large_and_heic import heic_bytes

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("admin:photos_photo_upload")
CHOOSER_URL = reverse("admin:photos_photo_chooser")
PICKER_URL = reverse("admin:photos_photo_picker")
WRITER = ["photos.add_photo", "photos.view_photo", "posts.add_post", "posts.change_post"]


@pytest.fixture
def photo_writer_client():
    return client_as(staff_user("writer", perms=WRITER))


def send(client, name="gritter.jpg", content=None, **fields):
    data = {
        "alt_text": "A gritter spreading salt at dawn",
        "caption": "Out before dawn on the A28.",
        "credit": "Sam Lee",
        "image": SimpleUploadedFile(name, content or image_bytes(1200, 800)),
        **fields,
    }
    return client.post(UPLOAD_URL, data)


def test_a_photo_uploaded_from_the_editor_joins_the_library_and_is_described(photo_writer_client):
    response = send(photo_writer_client)

    assert response.status_code == 201
    photo = Photo.objects.get()
    assert photo.uploaded_by.username == "writer"
    assert photo.title == "A gritter spreading salt at dawn"
    assert (photo.caption, photo.credit) == ("Out before dawn on the A28.", "Sam Lee")
    described = response.json()
    assert described["id"] == photo.pk
    assert described["alt_text"] == "A gritter spreading salt at dawn"
    assert described["credit"] == "Sam Lee"
    assert described["size"] == "1,200 × 800 pixels"
    assert re.fullmatch(r"/media/renditions/\d+/[\w-]{22}-\w+-1200w\.jpg", described["body_url"])
    assert re.fullmatch(
        r"/media/renditions/\d+/[\w-]{22}-\w+-480w\.jpg", described["thumbnail_url"]
    )
    assert photo_writer_client.get(described["thumbnail_url"]).status_code == 200
    assert LogEntry.objects.get().object_repr == "A gritter spreading salt at dawn"


def test_a_title_given_is_kept(photo_writer_client):
    send(photo_writer_client, title="Gritting, January")
    assert Photo.objects.get().title == "Gritting, January"


def test_an_iphone_photo_uploaded_from_the_editor_is_kept_as_jpeg(photo_writer_client):
    response = send(photo_writer_client, "IMG_0042.HEIC", heic_bytes(800, 600))
    assert response.status_code == 201
    photo = Photo.objects.get()
    assert photo.image.name.endswith(".jpg")
    assert (photo.width, photo.height) == (800, 600)


def test_a_48_megapixel_photo_uploaded_from_the_editor_is_scaled_down(photo_writer_client):
    response = send(photo_writer_client, "PXL_0001.jpg", image_bytes(8064, 6048))
    assert response.status_code == 201
    assert response.json()["size"] == "4,000 × 3,000 pixels"
    with Photo.objects.get().image.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).size == (4000, 3000)


def test_alt_text_is_required_and_said_so(photo_writer_client):
    response = send(photo_writer_client, alt_text="  ")
    assert response.status_code == 400
    assert response.json()["errors"] == {"alt_text": ["This field is required."]}
    assert Photo.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("notes.jpg", b"Minutes of the meeting, not a photo.\n", "This file is not a photo"),
        ("half.jpg", image_bytes(800, 600)[:900], "damaged"),
        ("bomb.png", png_bytes_declaring(50_000, 50_000), "decompression bomb"),
        ("scan.bmp", image_bytes(40, 40, image_format="BMP"), "This is a BMP image"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_a_400(photo_writer_client, name, content, words):
    response = send(photo_writer_client, name, content)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert words in response.json()["errors"]["image"][0]
    assert response.json()["message"].startswith("The photo was not added. ")
    assert Photo.objects.count() == 0


def test_a_file_over_the_size_setting_is_refused(photo_writer_client, settings):
    settings.CEOBLOG_PHOTO_MAX_MB = 1
    response = send(
        photo_writer_client, "big.jpg", image_bytes(64, 48) + b"\x00" * (2 * 1024 * 1024)
    )
    assert response.status_code == 400
    assert "the largest accepted is 1 MB" in response.json()["errors"]["image"][0]


def test_a_missing_file_is_refused(photo_writer_client):
    response = photo_writer_client.post(UPLOAD_URL, {"alt_text": "Something"})
    assert response.status_code == 400
    assert response.json()["errors"]["image"] == ["This field is required."]


@pytest.mark.parametrize(
    ("field", "length"), [("alt_text", 300), ("caption", 500), ("credit", 200), ("title", 200)]
)
def test_text_longer_than_its_column_is_refused_not_cut_or_crashed(
    photo_writer_client, field, length
):
    response = send(photo_writer_client, **{field: "x" * (length + 1)})
    assert response.status_code == 400
    assert f"at most {length} characters" in response.json()["errors"][field][0]
    assert Photo.objects.count() == 0


def test_a_300_character_alt_text_makes_a_200_character_title(photo_writer_client):
    response = send(photo_writer_client, alt_text="y" * 300)
    assert response.status_code == 201
    assert Photo.objects.get().title == "y" * 200


def test_someone_who_cannot_add_photos_is_told_so():
    client = client_as(staff_user("viewer", perms=["photos.view_photo"]))
    response = send(client)
    assert response.status_code == 403
    assert "cannot add photos" in response.json()["message"]


def test_the_upload_address_takes_only_a_form(photo_writer_client):
    assert photo_writer_client.get(UPLOAD_URL).status_code == 405


def test_an_upload_without_the_csrf_token_is_refused():
    client = client_as(staff_user("writer", perms=WRITER))
    client.handler.enforce_csrf_checks = True
    response = send(client)
    assert response.status_code == 403
    assert Photo.objects.count() == 0


def test_the_chooser_lists_photos_newest_first_with_thumbnails(photo_writer_client):
    make_photo(title="Depot visit", alt_text="Gritters lined up", credit="Sam")
    make_photo(title="Library opening", alt_text="Ribbon being cut")

    listing = photo_writer_client.get(CHOOSER_URL).json()

    assert [photo["title"] for photo in listing["photos"]] == ["Library opening", "Depot visit"]
    first = listing["photos"][0]
    assert first["alt_text"] == "Ribbon being cut"
    assert first["size"] == "900 × 600 pixels"
    assert first["thumbnail_url"].endswith("-480w.jpg")
    assert (listing["count"], listing["page"], listing["pages"]) == (2, 1, 1)


def test_the_chooser_searches_titles_alt_text_captions_and_credits(photo_writer_client):
    make_photo(title="Depot visit", alt_text="Gritters lined up")
    make_photo(title="Library opening", alt_text="Ribbon", credit="Jo Gritton")
    make_photo(title="Budget", alt_text="A chart")

    listing = photo_writer_client.get(CHOOSER_URL, {"q": "grit"}).json()

    assert [photo["title"] for photo in listing["photos"]] == ["Library opening", "Depot visit"]


def test_the_chooser_is_paged_and_its_queries_do_not_grow(
    photo_writer_client, django_assert_max_num_queries
):
    for _ in range(14):
        make_photo(content=image_bytes(300, 200))
    photo_writer_client.get(CHOOSER_URL)

    with django_assert_max_num_queries(6):
        first = photo_writer_client.get(CHOOSER_URL).json()
    second = photo_writer_client.get(CHOOSER_URL, {"page": "2"}).json()
    nonsense = photo_writer_client.get(CHOOSER_URL, {"page": "many"}).json()

    assert (len(first["photos"]), first["next"], first["previous"]) == (12, 2, None)
    assert (len(second["photos"]), second["next"], second["previous"]) == (2, None, 1)
    assert nonsense["page"] == 1


def test_the_pop_up_picker_shows_each_photo_s_thumbnail(photo_writer_client):
    make_photo(title="Depot visit", alt_text="Gritters lined up")
    page = photo_writer_client.get(PICKER_URL, {"CKEditorFuncNum": "-1"}).text
    sources = re.findall(r'<img src="([^"]*)"', page)
    assert len(sources) == 1
    assert re.fullmatch(r"/media/renditions/\d+/[\w-]{22}-\w+-900w\.jpg", sources[0])
    assert "900 × 600 pixels" in page

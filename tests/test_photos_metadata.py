"""An uploaded JPEG keeps no text a camera or editing program wrote into it, nor do its copies."""

import io
import struct
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from photos.images import photo_renditions
from photos.models import Photo
from tests.helpers import image_bytes, make_photo, staff_user

pytestmark = pytest.mark.django_db

SECRET = b"GPS 51.507N 0.128W home of photographer"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'exif:GPSLatitude="51,30.42N">Taken at the photographer\'s home</rdf:Description>'
    b"</rdf:RDF></x:xmpmeta>"
)
# An IPTC "city" record (2:90) inside a Photoshop resource block, as Photoshop and Lightroom
# write it into an APP13 segment.
IPTC = b"\x1c\x02\x5a" + struct.pack(">H", 22) + b"Photographer home town"
PHOTOSHOP = b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(IPTC)) + IPTC
TRACES = [
    b"51.507N",
    b"home of photographer",
    b"http://ns.adobe.com/xap/1.0/",
    b"xmpmeta",
    b"Photoshop 3.0",
    b"8BIM",
    b"Photographer home town",
]


def segment(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_markers(content):
    """Return the markers of a JPEG's segments before its image data."""
    markers, position = [], 2
    while content[position] == 0xFF and content[position + 1] != 0xDA:
        markers.append(content[position + 1])
        (length,) = struct.unpack(">H", content[position + 2 : position + 4])
        position += 2 + length
    return markers


def jpeg_with_text_segments():
    """A real JPEG with a comment (COM), XMP (APP1) and IPTC (APP13) after its start marker."""
    plain = image_bytes(900, 600)
    extra = (
        segment(0xFE, SECRET)
        + segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP)
        + segment(0xED, PHOTOSHOP)
    )
    return plain[:2] + extra + plain[2:]


def test_the_test_photo_really_carries_the_text():
    content = jpeg_with_text_segments()
    for trace in TRACES:
        assert trace in content
    assert {0xFE, 0xE1, 0xED} <= set(jpeg_markers(content))


def test_comments_xmp_and_iptc_are_removed_from_the_photo_and_its_copies(client, media_root):
    client.force_login(staff_user(perms=["photos.add_photo", "photos.change_photo"]))

    response = client.post(
        reverse("admin:photos_photo_add"),
        {
            "title": "Depot visit",
            "alt_text": "Gritters lined up in the depot",
            "caption": "",
            "credit": "",
            "image": SimpleUploadedFile("depot.jpg", jpeg_with_text_segments()),
        },
    )

    assert response.status_code == 302
    photo = Photo.objects.get()
    stored = [Path(photo.image.path)] + [
        media_root / rendition.name for rendition in photo_renditions(photo)
    ]
    assert len(stored) == 1 + 3 * 2  # the original, and 480, 800 and 900 wide in JPEG and WebP
    for path in stored:
        content = path.read_bytes()
        for trace in TRACES:
            assert trace not in content, (path, trace)
        if path.suffix == ".jpg":
            assert 0xFE not in jpeg_markers(content), path  # no comment segment at all


def test_photos_stored_before_keep_their_pixels_and_lose_their_comments(media_root):
    photo = make_photo()
    renditions = photo_renditions(photo)
    # As a file uploaded before comments were removed, and a copy made from it, would be.
    targets = [media_root / photo.image.name, media_root / renditions[0].name]
    before = {}
    for target in targets:
        plain = target.read_bytes()
        before[target] = Image.open(io.BytesIO(plain)).tobytes()
        target.write_bytes(plain[:2] + segment(0xFE, SECRET) + plain[2:])
    output = io.StringIO()

    call_command("remove_photo_comments", "--dry-run", stdout=output)
    assert SECRET in targets[0].read_bytes()
    call_command("remove_photo_comments", stdout=output)

    assert output.getvalue().splitlines() == [
        "2 of 4 stored JPEG files carry a comment.",
        "2 of 4 stored JPEG files had their comment removed.",
    ]
    for target in targets:
        content = target.read_bytes()
        assert SECRET not in content
        assert 0xFE not in jpeg_markers(content)
        assert Image.open(io.BytesIO(content)).tobytes() == before[target]

import re

import pytest
from django.core.files.storage import FileSystemStorage
from django.template import Context, Template

from photos.images import photo_body_url, rendition_widths
from tests.helpers import image_bytes, make_photo

pytestmark = pytest.mark.django_db


def render_picture(photo, options=""):
    template = Template("{% load photos %}{% picture photo " + options + " %}")
    return template.render(Context({"photo": photo}))


def stored_files(media_root):
    return sorted(path.relative_to(media_root) for path in media_root.rglob("*") if path.is_file())


def test_picture_offers_several_widths_in_webp_and_jpeg_with_size_and_alt():
    photo = make_photo(content=image_bytes(2000, 1000), alt_text="Volunteers planting trees")
    html = render_picture(photo)

    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', html).group(1)
    jpeg = re.search(r'<img src="[^"]+" srcset="([^"]+)"', html).group(1)
    assert [entry.rsplit(" ", 1)[1] for entry in webp.split(", ")] == [
        "480w",
        "800w",
        "1200w",
        "1600w",
    ]
    assert all(".webp " in entry for entry in webp.split(", "))
    assert all(".jpg " in entry for entry in jpeg.split(", "))
    assert 'width="1600" height="800"' in html
    assert 'alt="Volunteers planting trees"' in html
    assert 'loading="lazy"' in html
    assert 'sizes="(min-width: 64rem) 46rem, 100vw"' in html


def test_the_featured_picture_loads_eagerly():
    html = render_picture(make_photo(), "eager=True")
    assert 'loading="eager"' in html
    assert 'loading="lazy"' not in html


def test_widths_stop_at_the_original_width():
    assert rendition_widths(1000) == [480, 800, 1000]
    assert rendition_widths(300) == [300]
    assert rendition_widths(5000) == [480, 800, 1200, 1600]


def test_renditions_are_made_once_and_reused(media_root, monkeypatch):
    photo = make_photo(content=image_bytes(1300, 700))
    render_picture(photo)
    after_first = stored_files(media_root)
    renditions = [path for path in after_first if path.parts[0] == "renditions"]
    assert len(renditions) == 8  # 480, 800, 1200 and 1300 wide, as JPEG and WebP

    def refuse(*args, **kwargs):
        raise AssertionError("a second view wrote a file")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    second = render_picture(photo)

    assert stored_files(media_root) == after_first
    assert "1300w" in second


def test_a_png_keeps_png_copies_for_transparency():
    photo = make_photo(content=image_bytes(900, 600, image_format="PNG"))
    html = render_picture(photo)
    assert ".png 900w" in html
    assert ".jpg" not in html


def test_the_body_copy_is_at_most_1200_pixels_wide():
    assert photo_body_url(make_photo(content=image_bytes(1300, 700))).endswith("-1200w.jpg")
    assert photo_body_url(make_photo(content=image_bytes(700, 500))).endswith("-700w.jpg")

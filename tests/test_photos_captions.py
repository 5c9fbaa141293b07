"""Readers meet a photo's caption and its credit as two parts, in the body and at the top."""

import re

import pytest

from posts.sanitize import sanitize_html
from tests.helpers import make_photo, make_post

pytestmark = pytest.mark.django_db

BODY_FIGURE = (
    '<figure class="figure"><img src="/media/renditions/1/gritter-1200w.jpg" alt="A gritter" '
    'width="1200" height="800" data-file="1"><figcaption class="figure-caption">Out before dawn. '
    "<small>Photo: Sam Lee</small></figcaption></figure>"
)


def figcaptions(html):
    return re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.DOTALL)


def test_the_editor_s_figure_keeps_its_credit_as_a_separate_element_when_saved():
    saved = sanitize_html(BODY_FIGURE)
    assert figcaptions(saved) == ["Out before dawn. <small>Photo: Sam Lee</small>"]
    assert 'alt="A gritter"' in saved
    assert 'width="1200" height="800"' in saved
    assert "data-file" not in saved


def test_a_reader_sees_the_body_photo_s_caption_then_its_credit(reader_client):
    post = make_post(body="<p>Thank you to the crews.</p>" + BODY_FIGURE)
    page = reader_client.get(post.get_absolute_url()).text
    assert "Out before dawn. <small>Photo: Sam Lee</small></figcaption>" in page


def test_the_featured_photo_s_caption_and_credit_are_two_elements(reader_client):
    photo = make_photo(caption="Apprentices at County Hall", credit="Jo Bloggs")
    post = make_post(featured_photo=photo)
    page = reader_client.get(post.get_absolute_url()).text
    [caption] = figcaptions(page)
    assert re.fullmatch(
        r'<span class="post-featured__caption">Apprentices at County Hall</span> '
        r'<small class="post-featured__credit">Photo: Jo Bloggs</small>',
        caption,
    )


@pytest.mark.parametrize(
    ("caption", "credit", "expected"),
    [
        ("", "Jo Bloggs", '<small class="post-featured__credit">Photo: Jo Bloggs</small>'),
        ("At County Hall", "", '<span class="post-featured__caption">At County Hall</span>'),
    ],
)
def test_a_featured_photo_with_only_a_caption_or_only_a_credit_shows_just_that(
    reader_client, caption, credit, expected
):
    post = make_post(featured_photo=make_photo(caption=caption, credit=credit))
    page = reader_client.get(post.get_absolute_url()).text
    assert [part.strip() for part in figcaptions(page)] == [expected]


def test_a_featured_photo_with_neither_has_no_caption(reader_client):
    post = make_post(featured_photo=make_photo())
    page = reader_client.get(post.get_absolute_url()).text
    assert figcaptions(page) == []

"""The featured-photo box on the post form: its thumbnail and its buttons, and what it saves."""

import re

import pytest
from django.urls import reverse

from posts.models import Post
from tests.helpers import make_photo, make_post, post_form_data

pytestmark = pytest.mark.django_db


def featured_box(page):
    return re.search(r'<div class="featured-photo".*?\n</div>', page, re.DOTALL).group(0)


def test_a_new_post_offers_to_upload_or_choose_a_featured_photo(photo_publisher_client):
    page = photo_publisher_client.get(reverse("admin:posts_post_add")).text
    box = featured_box(page)

    assert '<input type="hidden" name="featured_photo" value="" id="id_featured_photo">' in box
    group = 'role="group" aria-label="Featured photo" aria-describedby="id_featured_photo_helptext"'
    assert group in box
    assert "No featured photo." in box
    assert ">Upload a photo</button>" in box
    assert ">Choose from the library</button>" in box
    assert re.search(r'class="button featured-photo__remove" hidden>Remove</button>', box)
    assert f'data-upload-url="{reverse("admin:photos_photo_upload")}"' in box
    assert f'data-chooser-url="{reverse("admin:photos_photo_chooser")}"' in box
    assert 'data-max-megabytes="50"' in box
    assert "photos/featured-photo.js" in page
    assert "photos/photo-dialog.css" in page
    # The old search-as-you-type box for the photo has gone.
    assert 'id="id_featured_photo" class="admin-autocomplete' not in page


def test_a_post_s_featured_photo_shows_as_its_thumbnail_with_replace_and_remove(
    photo_publisher_client,
):
    photo = make_photo(title="Apprentices", alt_text="Four apprentices in hard hats")
    post = make_post(featured_photo=photo)

    page = photo_publisher_client.get(reverse("admin:posts_post_change", args=[post.pk])).text
    box = featured_box(page)

    assert f'value="{photo.pk}" id="id_featured_photo"' in box
    assert re.search(
        r'<img class="featured-photo__thumbnail" src="/media/renditions/\d+/[^"]+-480w\.jpg" '
        r'width="480" height="320" alt="Four apprentices in hard hats">',
        box,
    )
    assert '<p class="featured-photo__title">Apprentices</p>' in box
    assert ">Replace</button>" in box
    assert re.search(r'class="button featured-photo__remove">Remove</button>', box)


def test_the_featured_photo_chosen_in_the_box_is_saved_and_can_be_removed(photo_publisher_client):
    photo = make_photo()
    post = make_post(featured_photo=None)
    change_url = reverse("admin:posts_post_change", args=[post.pk])

    photo_publisher_client.post(change_url, post_form_data(post, featured_photo=str(photo.pk)))
    assert Post.objects.get(pk=post.pk).featured_photo == photo

    post.refresh_from_db()
    photo_publisher_client.post(change_url, post_form_data(post, featured_photo=""))
    assert Post.objects.get(pk=post.pk).featured_photo is None


def test_a_photo_number_that_does_not_exist_is_refused_and_the_box_stays_usable(
    photo_publisher_client,
):
    post = make_post()
    response = photo_publisher_client.post(
        reverse("admin:posts_post_change", args=[post.pk]),
        post_form_data(post, featured_photo="987654"),
    )
    assert response.status_code == 200
    assert "featured_photo" in response.context["adminform"].form.errors
    assert "No featured photo." in featured_box(response.text)

"""A photo is for every signed-in reader only once a published post shows it.

Used only by drafts, scheduled or unpublished posts, or by no post at all, it is for the staff
who may see those posts or the photo library. Anyone else is told there is no such file (404),
as for an address that does not exist.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from photos.images import photo_body_url, photo_renditions
from posts.models import Post
from tests.helpers import client_as, make_photo, make_post, make_user, staff_user

pytestmark = pytest.mark.django_db


def media(photo):
    """The addresses a reader's browser asks for: the original and every smaller copy."""
    return [photo.image.url] + [rendition.url for rendition in photo_renditions(photo)]


def statuses(client, addresses):
    return {client.get(address).status_code for address in addresses}


def body_with(photo):
    return f'<figure><img src="{photo_body_url(photo)}" alt="{photo.alt_text}"></figure>'


@pytest.fixture
def post_viewer_client(client):
    # Moderators may look at every post in the admin, drafts included (posts.view_post).
    return client_as(staff_user("moderator", perms=["posts.view_post"]))


def test_a_published_posts_photos_are_for_every_signed_in_reader(reader_client):
    featured, in_body = make_photo(), make_photo()
    make_post(featured_photo=featured, body=body_with(in_body))

    assert statuses(reader_client, media(featured) + media(in_body)) == {200}


@pytest.mark.parametrize(
    "kind",
    ["draft", "scheduled", "unpublished"],
)
def test_photos_only_a_hidden_post_uses_are_not_found_by_readers(
    reader_client, post_viewer_client, kind
):
    featured, in_body = make_photo(), make_photo()
    fields = {
        "draft": {"status": Post.Status.DRAFT},
        "scheduled": {"published_at": timezone.now() + timedelta(days=3)},
        "unpublished": {"status": Post.Status.UNPUBLISHED},
    }[kind]
    make_post(featured_photo=featured, body=body_with(in_body), **fields)
    addresses = media(featured) + media(in_body)

    assert statuses(reader_client, addresses) == {404}
    assert statuses(post_viewer_client, addresses) == {200}


def test_a_photo_in_the_library_but_in_no_post_is_for_staff_only(reader_client):
    photo = make_photo()
    librarian = client_as(staff_user(perms=["photos.view_photo"]))
    writer = client_as(staff_user(perms=["posts.change_post"]))
    not_staff = client_as(make_user(perms=["comments.add_comment"]))

    assert statuses(reader_client, media(photo)) == {404}
    assert statuses(not_staff, media(photo)) == {404}
    assert statuses(librarian, media(photo)) == {200}
    assert statuses(writer, media(photo)) == {200}


def test_a_photo_becomes_hidden_when_its_post_is_unpublished_or_the_photo_is_taken_out(
    reader_client,
):
    featured, in_body = make_photo(), make_photo()
    post = make_post(featured_photo=featured, body=body_with(in_body))
    assert statuses(reader_client, media(featured) + media(in_body)) == {200}

    post.body = "<p>The photo was taken out.</p>"
    post.save()
    assert statuses(reader_client, media(in_body)) == {404}
    assert statuses(reader_client, media(featured)) == {200}

    post.status = Post.Status.UNPUBLISHED
    post.save()
    assert statuses(reader_client, media(featured)) == {404}


def test_a_photo_in_a_draft_and_a_published_post_is_for_readers(reader_client):
    photo = make_photo()
    make_post(status=Post.Status.DRAFT, featured_photo=photo)
    make_post(body=body_with(photo))

    assert statuses(reader_client, media(photo)) == {200}


def test_a_published_photos_address_cannot_be_walked_to_a_drafts_photo(reader_client):
    shown, hidden = make_photo(), make_photo()
    make_post(featured_photo=shown)
    make_post(status=Post.Status.DRAFT, featured_photo=hidden)
    walk = f"/media/renditions/{shown.pk}/../../{hidden.image.name}"

    assert reader_client.get(walk).status_code == 404
    assert reader_client.get(f"/media/{hidden.image.name}").status_code == 404


def test_files_that_are_not_library_photos_are_for_staff_only(reader_client, media_root):
    (media_root / "exports").mkdir(parents=True)
    (media_root / "exports" / "staff-list.png").write_bytes(b"\x89PNG list")
    librarian = client_as(staff_user(perms=["photos.view_photo"]))

    assert reader_client.get("/media/exports/staff-list.png").status_code == 404
    assert librarian.get("/media/exports/staff-list.png").status_code == 200


def test_a_readers_photo_costs_one_query_beyond_signing_in(reader_client):
    # Each photo on a page is one request: the check must stay one small query.
    photo = make_photo()
    make_post(featured_photo=photo)
    address = photo_renditions(photo)[0].url

    with CaptureQueriesContext(connection) as queries:
        response = reader_client.get(address)

    assert response.status_code == 200
    checks = [
        query["sql"]
        for query in queries
        if '"django_session"' not in query["sql"] and '"auth_user"' not in query["sql"]
    ]
    assert len(checks) == 1, checks


def test_a_body_naming_made_up_photo_addresses_saves_and_shows_no_photo(reader_client):
    post = make_post(
        body='<img src="/media/renditions/99999999999999999999999/x-480w.jpg" alt="A">'
        '<img src="/media/photos/2020/01/nobody.jpg" srcset="/media/renditions/0/x.jpg 2x" alt="B">'
    )

    assert list(post.body_photos.all()) == []
    assert reader_client.get(post.get_absolute_url()).status_code == 200

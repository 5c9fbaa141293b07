"""Photos in private feeds: absolute addresses that the feed reader holding the token can open."""

import re
from html import unescape

import pytest
from django.test import Client

from alerts.services import feed_token_create, feed_token_revoke
from posts.models import Post
from tests.helpers import make_photo, make_post, make_user, parse_feed

pytestmark = pytest.mark.django_db


def body_with(photo):
    url = photo.image.url
    return (
        f'<figure><img src="{url}" srcset="{url} 900w" alt="{photo.alt_text}">'
        f"<figcaption>Out before dawn.</figcaption></figure>"
    )


def image_addresses(response):
    """Return (src, srcset address) of each photo in the feed's content, as sent."""
    assert not parse_feed(response).bozo
    # Read from the XML itself: feedparser's own clean-up drops srcset.
    content = unescape(response.content.decode())
    return [
        (unescape(src), unescape(srcset))
        for src, srcset in re.findall(r'<img src="([^"]+)" srcset="([^" ]+) 900w"', content)
    ]


@pytest.fixture
def token(reader):
    return feed_token_create(user=reader).token


@pytest.fixture
def published_photo(db):
    photo = make_photo(alt_text="A gritter at dawn")
    make_post(title="Gritting", body=body_with(photo))
    return photo


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_a_private_feed_gives_absolute_photo_addresses_its_reader_can_open(
    client, token, published_photo, suffix
):
    [(src, srcset)] = image_addresses(client.get(f"/feed/private/{token}/{suffix}"))
    assert src == srcset
    assert src.startswith(f"http://testserver/feed/private/{token}/media/")
    # Outlook fetches the photo with nothing but the address: no session, no cookie.
    photo = Client().get(src)
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert b"".join(photo.streaming_content) == published_photo.image.read()


def test_a_photo_address_from_a_private_feed_needs_its_signature_and_its_live_token(
    client, reader, token, published_photo
):
    [(src, _)] = image_addresses(client.get(f"/feed/private/{token}/"))
    address = src.removeprefix("http://testserver")
    unsigned = address.split("?")[0]
    other_token = feed_token_create(user=make_user("other")).token

    assert Client().get(unsigned).status_code == 404
    assert Client().get(address.replace("s=", "s=x")).status_code == 404
    assert Client().get(address.replace(token, other_token)).status_code == 404
    feed_token_revoke(user=reader)
    assert Client().get(address).status_code == 404


def test_a_photo_used_only_in_a_draft_cannot_be_opened_with_a_feed_token(client, token):
    secret = make_photo(alt_text="Plans not yet announced")
    make_post(title="Secret draft", body=body_with(secret), status=Post.Status.DRAFT)

    feed = client.get(f"/feed/private/{token}/").text
    assert secret.image.name not in feed
    guessed = f"/feed/private/{token}/media/{secret.image.name}"
    assert Client().get(guessed).status_code == 404
    assert Client().get(guessed + "?s=anything").status_code == 404


def test_the_public_feed_gives_absolute_photo_addresses(reader_client, published_photo):
    [(src, _)] = image_addresses(reader_client.get("/feed/"))
    assert src == f"http://testserver{published_photo.image.url}"


def test_a_feed_photo_address_stops_working_when_its_post_is_unpublished(client, token):
    photo = make_photo(alt_text="A gritter at dawn")
    post = make_post(title="Gritting", body=body_with(photo))
    [(src, _)] = image_addresses(client.get(f"/feed/private/{token}/"))
    assert Client().get(src).status_code == 200

    post.status = Post.Status.UNPUBLISHED
    post.save()

    assert Client().get(src).status_code == 404

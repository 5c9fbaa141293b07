import calendar
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.services import feed_token_create, feed_token_revoke
from posts.models import Post
from tests.helpers import make_post, make_user, parse_feed

pytestmark = pytest.mark.django_db

FEED_ADDRESSES = [
    "/feed/",
    "/feed/atom/",
    "/tag/winter/feed/",
    "/tag/winter/feed/atom/",
    "/author/chief/feed/",
    "/author/chief/feed/atom/",
]


@pytest.fixture
def chief(db):
    return make_user("chief", first_name="Morgan", last_name="Chief")


@pytest.fixture
def posts_of_every_kind(chief):
    published = make_post(
        title="Gritting & snow",
        body="<p>The crews <strong>gritted</strong> 1,200 miles.</p>",
        excerpt="Thanks to the highways crews.",
        author=chief,
        tags=["winter"],
        published_at=timezone.now() - timedelta(days=2),
    )
    draft = make_post(title="Secret draft", author=chief, tags=["winter"], status=Post.Status.DRAFT)
    scheduled = make_post(
        title="Not yet",
        author=chief,
        tags=["winter"],
        published_at=timezone.now() + timedelta(days=1),
    )
    return published, draft, scheduled


@pytest.mark.parametrize("address", FEED_ADDRESSES)
def test_every_feed_parses_cleanly_and_lists_only_published_posts(
    reader_client, posts_of_every_kind, address
):
    response = reader_client.get(address)

    feed = parse_feed(response)
    assert response.status_code == 200
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Gritting & snow"]


@pytest.mark.parametrize("address", [*FEED_ADDRESSES, "comments"])
def test_every_feed_is_handed_to_the_server_in_one_piece(reader_client, chief, settings, address):
    # Each piece of a response is a write to the reader's connection: a feed of ten posts in
    # 900 pieces took a quarter longer to serve under gunicorn. (The page cache stores a page
    # as one piece, so it is off: as for the first reader after a change.)
    settings.CEOBLOG_PAGE_CACHE_SECONDS = 0
    posts = [make_post(author=chief, tags=["winter"]) for _ in range(3)]
    if address == "comments":
        address = f"{posts[0].get_absolute_url()}feed/"

    response = reader_client.get(address)

    assert response.status_code == 200
    assert len(list(response)) == 1


@pytest.mark.parametrize("address", FEED_ADDRESSES)
def test_every_feed_answers_a_conditional_request_with_304(
    reader_client, posts_of_every_kind, address
):
    first = reader_client.get(address)

    by_etag = reader_client.get(address, headers={"if-none-match": first["ETag"]})
    by_date = reader_client.get(address, headers={"if-modified-since": first["Last-Modified"]})

    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag.content == b""


def test_feed_changes_its_etag_and_date_when_a_post_is_edited(reader_client, posts_of_every_kind):
    published, _, _ = posts_of_every_kind
    first = reader_client.get("/feed/")
    published.title = "Edited title"
    published.save()

    again = reader_client.get(
        "/feed/",
        headers={"if-none-match": first["ETag"], "if-modified-since": first["Last-Modified"]},
    )

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_feed_changes_its_etag_when_a_post_is_deleted(reader_client, chief):
    make_post(author=chief)
    gone = make_post(author=chief)
    first = reader_client.get("/feed/")
    gone.delete()

    again = reader_client.get("/feed/", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200


def test_rss_entry_has_full_content_stable_id_dates_author_and_tags(
    reader_client, posts_of_every_kind, settings
):
    settings.CEOBLOG_SITE_URL = "https://intranet.example.gov.uk"
    published, _, _ = posts_of_every_kind

    entry = parse_feed(reader_client.get("/feed/")).entries[0]

    assert "<strong>gritted</strong> 1,200 miles" in entry.content[0].value
    assert entry.summary == "Thanks to the highways crews."
    assert entry.id == f"tag:intranet.example.gov.uk,2026:post/{published.pk}"
    assert entry.link == f"https://intranet.example.gov.uk{published.get_absolute_url()}"
    assert entry.author == "Morgan Chief"
    assert [tag.term for tag in entry.tags] == ["winter"]
    assert calendar.timegm(entry.published_parsed) == int(published.published_at.timestamp())


def test_atom_entry_has_full_content_and_updated_date(reader_client, posts_of_every_kind):
    published, _, _ = posts_of_every_kind

    feed = parse_feed(reader_client.get("/feed/atom/"))
    entry = feed.entries[0]

    assert feed.version == "atom10"
    assert entry.content[0].type == "text/html"
    assert "<strong>gritted</strong>" in entry.content[0].value
    assert entry.id.endswith(f":post/{published.pk}")
    assert entry.updated_parsed is not None


def test_entry_id_survives_a_change_of_slug(reader_client, posts_of_every_kind):
    published, _, _ = posts_of_every_kind
    before = parse_feed(reader_client.get("/feed/")).entries[0].id
    published.slug = "gritting-and-snow-clearing"
    published.save()

    after = parse_feed(reader_client.get("/feed/")).entries[0]

    assert after.id == before
    assert after.link.endswith("/gritting-and-snow-clearing/")


def test_unknown_tag_or_author_feed_is_404(reader_client):
    assert reader_client.get("/tag/nothing-here/feed/").status_code == 404
    assert reader_client.get("/author/nobody/feed/").status_code == 404


def test_feeds_need_sign_in_when_the_blog_does(client, posts_of_every_kind):
    response = client.get("/feed/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_feed_addresses_resolve_by_name():
    assert reverse("posts:feed") == "/feed/"
    assert reverse("posts:feed-atom") == "/feed/atom/"
    assert reverse("posts:tag-feed", kwargs={"slug": "winter"}) == "/tag/winter/feed/"
    assert reverse("posts:author-feed", kwargs={"username": "chief"}) == "/author/chief/feed/"


def test_pages_point_feed_readers_at_the_feeds(reader_client):
    response = reader_client.get("/")

    assert '<link rel="alternate" type="application/rss+xml"' in response.text
    assert 'href="/feed/atom/"' in response.text


# Private feed addresses


@pytest.mark.parametrize("suffix", ["", "atom/", "tag/winter/", "tag/winter/atom/"])
def test_private_feed_works_without_a_session(client, reader, posts_of_every_kind, suffix):
    token = feed_token_create(user=reader)

    response = client.get(f"/feed/private/{token.token}/{suffix}")

    feed = parse_feed(response)
    assert response.status_code == 200
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Gritting & snow"]
    assert "private" in response["Cache-Control"]


def test_private_feed_answers_conditional_requests(client, reader, posts_of_every_kind):
    address = f"/feed/private/{feed_token_create(user=reader).token}/"
    first = client.get(address)

    assert client.get(address, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_revoked_private_feed_address_is_404(client, reader, posts_of_every_kind):
    token = feed_token_create(user=reader)
    feed_token_revoke(user=reader)

    assert client.get(f"/feed/private/{token.token}/").status_code == 404


def test_replaced_private_feed_address_is_404_and_the_new_one_works(client, reader):
    old = feed_token_create(user=reader)
    new = feed_token_create(user=reader)

    assert client.get(f"/feed/private/{old.token}/").status_code == 404
    assert client.get(f"/feed/private/{new.token}/").status_code == 200


def test_wrong_private_feed_token_is_404(client, reader):
    feed_token_create(user=reader)

    assert client.get("/feed/private/not-a-real-token/").status_code == 404


def test_private_feed_of_a_deactivated_account_is_404(client, reader):
    token = feed_token_create(user=reader)
    reader.is_active = False
    reader.save()

    assert client.get(f"/feed/private/{token.token}/").status_code == 404


def test_private_feed_token_opens_nothing_but_feeds(client, reader, posts_of_every_kind):
    token = feed_token_create(user=reader)

    response = client.get("/", {"token": token.token})

    assert response.status_code == 302

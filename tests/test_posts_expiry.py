"""Unpublish at: a post leaves every reader surface at its time, with no job, as it arrived.

Each surface is read just before the time and just after it (timezone.now moved on), and must
show the post before and not after, with the same number of queries both times.
"""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alerts import sending
from alerts.services import feed_token_create
from comments.models import Comment
from posts.models import OldAddress, Post
from tests.helpers import make_post, make_subscription, make_user
from wordpress.models import ImportedObject

pytestmark = pytest.mark.django_db

TITLE = "Consultation on the new bus routes"
SLUG = "bus-routes-consultation"
# Long enough that a slow run never reaches it before the "before" reads are done.
LEAVES_IN = timedelta(hours=1)


@pytest.fixture(autouse=True)
def no_cache(settings):
    # Every read is rendered, so that what is counted is the page's own queries.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.CEOBLOG_COMMENT_MODERATION = "none"


@pytest.fixture
def clock(monkeypatch):
    """Move timezone.now, which every visibility rule reads, past the unpublish time."""

    class Clock:
        def after(self, post):
            later = post.unpublish_at + timedelta(seconds=1)
            monkeypatch.setattr(timezone, "now", lambda: later)

    return Clock()


@pytest.fixture
def posts():
    """An expiring post and a neighbour published the same day with the same tag."""
    author = make_user("chiefexec", first_name="Pat", last_name="Chief")
    now = timezone.now()
    day_start = timezone.localtime(now).replace(hour=9, minute=0, second=0, microsecond=0)
    published_at = day_start - timedelta(days=2)
    neighbour = make_post(
        title="Library opening hours",
        slug="library-hours",
        author=author,
        body="<p>The mobile library now follows the bus routes on Saturdays.</p>",
        published_at=published_at,
        tags=["consultations"],
    )
    expiring = make_post(
        title=TITLE,
        slug=SLUG,
        author=author,
        body="<p>Tell us what you think of the bus routes before the closing date.</p>",
        published_at=published_at + timedelta(hours=1),
        unpublish_at=now + LEAVES_IN,
        tags=["consultations", "transport"],
    )
    return expiring, neighbour


def read(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    return response, len(queries)


def shows(response):
    text = response.content.decode()
    return TITLE in text or f"/{SLUG}/" in text


def surfaces(expiring, neighbour, token):
    local = timezone.localtime(expiring.published_at)
    author = expiring.author.username
    return [
        "/",
        f"/{local:%Y}/",
        f"/{local:%Y/%m}/",
        f"/{local:%Y/%m/%d}/",
        "/tag/consultations/",
        f"/author/{author}/",
        "/search/?q=bus+routes",
        "/feed/",
        "/feed/atom/",
        "/tag/consultations/feed/",
        "/tag/consultations/feed/atom/",
        f"/author/{author}/feed/",
        f"/feed/private/{token}/",
        f"/feed/private/{token}/tag/consultations/",
        "/sitemap.xml",
        # Related posts and previous/next links on the neighbour's page.
        neighbour.get_absolute_url(),
    ]


def test_the_post_leaves_every_list_feed_and_search_at_its_time_in_the_same_queries(
    client, reader, posts, clock
):
    expiring, neighbour = posts
    client.force_login(reader)
    token = feed_token_create(user=reader).token
    addresses = surfaces(expiring, neighbour, token)
    before = {}
    for address in addresses:
        response, count = read(client, address)
        assert response.status_code == 200, address
        assert shows(response), address
        before[address] = count

    clock.after(expiring)
    # The first read after the time renews the content version once; not a reader surface's own.
    client.get("/")
    after = {}
    for address in addresses:
        response, count = read(client, address)
        assert response.status_code == 200, address
        assert not shows(response), address
        after[address] = count
    assert after == before


def test_the_sidebar_and_tag_counts_drop_the_post_at_its_time(reader_client, posts, clock):
    expiring, _ = posts
    month = timezone.localtime(expiring.published_at).strftime("%B %Y")
    page = reader_client.get("/tag/consultations/").text
    assert f"{month}</a> (2)" in page
    assert "consultations</a> (2)" in page
    assert "transport</a> (1)" in page
    clock.after(expiring)
    page = reader_client.get("/tag/consultations/").text
    assert f"{month}</a> (1)" in page
    assert "consultations</a> (1)" in page
    # The tag the expired post alone had is no longer offered, and its page is empty.
    assert "transport</a>" not in page
    assert TITLE not in reader_client.get("/tag/transport/").text


def test_the_private_feeds_page_stops_offering_a_tag_only_the_expired_post_had(
    reader_client, reader, posts, clock
):
    expiring, _ = posts
    feed_token_create(user=reader)
    assert "<li>transport: <a" in reader_client.get("/follow/").text
    clock.after(expiring)
    page = reader_client.get("/follow/").text
    assert "<li>transport: <a" not in page
    assert "<li>consultations: <a" in page


def test_the_post_page_answers_404_to_readers_after_its_time(reader_client, posts, clock):
    expiring, _ = posts
    response, before = read(reader_client, expiring.get_absolute_url())
    assert response.status_code == 200
    assert TITLE in response.text
    clock.after(expiring)
    reader_client.get("/")
    response, after = read(reader_client, expiring.get_absolute_url())
    assert response.status_code == 404
    assert TITLE not in response.text
    assert after <= before


def test_editors_still_preview_an_expired_post_and_are_told_it_left(editor_client, posts, clock):
    expiring, _ = posts
    clock.after(expiring)
    response = editor_client.get(expiring.get_absolute_url())
    assert response.status_code == 200
    assert TITLE in response.text
    assert "This post left the blog on" in response.text
    assert 'name="robots" content="noindex"' in response.text
    assert "no-cache" in response["Cache-Control"]


def test_an_old_address_of_the_post_stops_leading_to_it(reader_client, posts, clock):
    expiring, _ = posts
    OldAddress.objects.create(path="/2020/01/01/old-bus-routes/", post=expiring)
    response = reader_client.get("/2020/01/01/old-bus-routes/")
    assert response.status_code == 301
    assert response["Location"] == expiring.get_absolute_url()
    clock.after(expiring)
    assert reader_client.get("/2020/01/01/old-bus-routes/").status_code == 404


def test_an_old_wordpress_address_stops_leading_to_the_post(reader_client, posts, clock):
    expiring, _ = posts
    ImportedObject.objects.create(
        source="old.example",
        kind=ImportedObject.Kind.POST,
        wp_id=501,
        content_type=ContentType.objects.get_for_model(Post),
        object_id=expiring.pk,
        old_path="/archives/501",
    )
    for address in ["/?p=501", "/archives/501"]:
        response = reader_client.get(address)
        assert response.status_code == 301, address
        assert response["Location"] == expiring.get_absolute_url()
    clock.after(expiring)
    for address in ["/?p=501", "/archives/501"]:
        response = reader_client.get(address)
        assert response.status_code == 404, address
        assert SLUG not in response.text


def test_the_comments_feed_of_the_post_answers_404_after_its_time(reader_client, posts, clock):
    expiring, _ = posts
    address = reverse(
        "comments:feed",
        kwargs={
            "year": f"{timezone.localtime(expiring.published_at):%Y}",
            "month": f"{timezone.localtime(expiring.published_at):%m}",
            "day": f"{timezone.localtime(expiring.published_at):%d}",
            "slug": SLUG,
        },
    )
    assert reader_client.get(address).status_code == 200
    clock.after(expiring)
    assert reader_client.get(address).status_code == 404


def test_no_comment_is_taken_on_an_expired_post(reader_client, posts, clock):
    expiring, _ = posts
    address = reverse("comments:create", kwargs={"post_id": expiring.pk})
    page = reader_client.get(expiring.get_absolute_url()).text
    assert 'id="comment-form"' in page
    assert reader_client.post(address, {"body": "Route 12 should stop at the hospital."})[
        "Location"
    ].endswith("#comment-" + str(Comment.objects.get().pk))
    clock.after(expiring)
    response = reader_client.post(address, {"body": "A second thought on the routes."})
    assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_a_feed_that_lost_a_post_is_not_answered_not_modified(reader_client, posts, clock):
    expiring, _ = posts
    first = reader_client.get("/feed/")
    clock.after(expiring)
    # A feed reader that sends only the date it last read the feed gets the feed without it.
    again = reader_client.get("/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert TITLE not in again.text
    again = reader_client.get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200


def test_alerts_and_digests_leave_out_a_post_that_expired_before_they_were_sent(
    posts, clock, mailoutbox
):
    expiring, neighbour = posts
    immediate = make_subscription(created_at=neighbour.published_at - timedelta(days=1))
    weekly = make_subscription(
        frequency="weekly", created_at=neighbour.published_at - timedelta(days=1)
    )
    for subscription in (immediate, weekly):
        assert expiring in sending.pending_posts(subscription=subscription)
    clock.after(expiring)
    for subscription in (immediate, weekly):
        pending = list(sending.pending_posts(subscription=subscription))
        assert pending == [neighbour]
    sending.alerts_send()
    assert all(TITLE not in message.subject + message.body for message in mailoutbox)
    assert any("Library opening hours" in message.subject for message in mailoutbox)


def test_a_post_without_an_unpublish_time_stays(reader_client, monkeypatch):
    post = make_post(title="Standing item", unpublish_at=None)
    # Further ahead than any other post's unpublish time in these tests, within a session's
    # idle limit (a reader idle for 8 hours is signed out).
    later = timezone.now() + timedelta(hours=7)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Standing item" in reader_client.get("/").text
    assert Post.objects.get(pk=post.pk).is_published


def test_the_rule_is_the_same_in_the_database_and_in_python(posts, clock):
    expiring, neighbour = posts
    assert set(Post.objects.published()) == {expiring, neighbour}
    assert expiring.is_published
    assert not expiring.is_expired
    clock.after(expiring)
    assert set(Post.objects.published()) == {neighbour}
    assert set(Post.objects.expired()) == {expiring}
    assert not expiring.is_published
    assert expiring.is_expired
    assert not expiring.is_scheduled


def test_an_expired_post_is_exported_to_wordpress_as_private_not_live(posts, clock):
    from wordpress.exporter import post_status

    expiring, neighbour = posts
    assert post_status(expiring) == "publish"
    clock.after(expiring)
    assert post_status(expiring) == "private"
    assert post_status(neighbour) == "publish"

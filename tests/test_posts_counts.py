"""The sidebar's and the lists' counts, kept as stored numbers, always match what readers see."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from posts.counts import recount_all
from posts.models import Post
from posts.tagging import tag_merge
from posts.workflow import post_publish, post_unpublish
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def sidebar(client):
    """Return ({"Month Year": n}, {"tag name": n}) as the home page's sidebar shows them."""
    cache.clear()
    page = client.get("/").text
    archives = page.split('id="sidebar-archives"')[1].split("</section>")[0]
    tags = page.split('id="sidebar-tags"')[1].split("</section>")[0]
    pattern = r'<a href="[^"]+">([^<]+)</a> \((\d+)\)'
    months = {name: int(n) for name, n in re.findall(pattern, archives)}
    return months, {name: int(n) for name, n in re.findall(pattern, tags)}


def expected():
    """What readers may see, counted directly with published_q."""
    months, tags = {}, {}
    for post in Post.objects.published().prefetch_related("tags"):
        name = f"{timezone.localtime(post.published_at):%B %Y}"
        months[name] = months.get(name, 0) + 1
        for tag in post.tags.all():
            tags[tag.name] = tags.get(tag.name, 0) + 1
    return months, tags


def pages_of(client, path):
    """Return the number of pages a list says it has (one post a page), or 1."""
    cache.clear()
    response = client.get(path)
    if response.status_code == 404:
        return 0
    found = re.search(r"Page 1 of (\d+)", response.text)
    return int(found.group(1)) if found else 1


@pytest.fixture
def blog(settings):
    """Posts in every state across two months, with two tags and two authors."""
    settings.CEOBLOG_POSTS_PER_PAGE = 1
    budget, people = Tag.objects.create(name="budget"), Tag.objects.create(name="people")
    chief, deputy = make_user("chief"), make_user("deputy")
    now = timezone.now()
    posts = {
        "march": make_post(author=chief, published_at=at(2025, 3, 4), tags=[budget, people]),
        "march 2": make_post(author=deputy, published_at=at(2025, 3, 20), tags=[budget]),
        "april": make_post(author=chief, published_at=at(2025, 4, 2), tags=[people]),
        "draft": make_post(author=chief, status=Post.Status.DRAFT, tags=[budget]),
        "scheduled": make_post(
            author=chief, published_at=now + timedelta(days=2), tags=[budget, people]
        ),
        "expired": make_post(
            author=deputy,
            published_at=at(2025, 3, 10),
            unpublish_at=now - timedelta(hours=1),
            tags=[budget],
        ),
        "unpublished": make_post(
            author=chief, status=Post.Status.UNPUBLISHED, published_at=at(2025, 4, 9), tags=[people]
        ),
    }
    return posts, (budget, people), (chief, deputy)


def assert_counts_right(client):
    months, tags = expected()
    assert sidebar(client) == (months, tags)
    assert pages_of(client, "/") == sum(months.values())
    for tag in Tag.objects.all():
        assert pages_of(client, f"/tag/{tag.slug}/") == tags.get(tag.name, 0), tag.name
    for author in ("chief", "deputy"):
        shown = Post.objects.published().filter(author__username=author).count()
        assert pages_of(client, f"/author/{author}/") == shown, author


def test_the_sidebar_and_lists_count_only_what_readers_see(reader_client, blog):
    months, tags = sidebar(reader_client)
    assert months == {"April 2025": 1, "March 2025": 2}
    assert tags == {"budget": 2, "people": 2}
    assert pages_of(reader_client, "/") == 3
    assert pages_of(reader_client, "/tag/budget/") == 2
    assert pages_of(reader_client, "/author/chief/") == 2
    assert pages_of(reader_client, "/author/deputy/") == 1
    assert_counts_right(reader_client)


def test_publishing_unpublishing_and_moving_a_post_change_the_counts(reader_client, blog):
    posts, _, (chief, _) = blog
    publisher = make_user(perms=["posts.publish_post", "posts.change_post"])
    draft = Post.objects.get(pk=posts["draft"].pk)
    post_publish(post=draft, user=publisher, at=at(2025, 4, 20))
    assert sidebar(reader_client)[0] == {"April 2025": 2, "March 2025": 2}
    assert_counts_right(reader_client)

    post_unpublish(post=Post.objects.get(pk=posts["march"].pk), user=publisher)
    assert sidebar(reader_client)[0] == {"April 2025": 2, "March 2025": 1}
    assert_counts_right(reader_client)

    moved = Post.objects.get(pk=posts["march 2"].pk)
    moved.published_at = at(2024, 12, 24)
    moved.author = chief
    moved.save()
    assert sidebar(reader_client)[0] == {"April 2025": 2, "December 2024": 1}
    assert_counts_right(reader_client)


def test_a_post_saved_without_being_loaded_whole_still_moves_its_counts(reader_client, blog):
    posts, _, _ = blog
    # Loaded without its state: the counts ask the database what it was.
    post = Post.objects.only("pk", "title").get(pk=posts["april"].pk)
    post.status = Post.Status.UNPUBLISHED
    post.save()
    assert "April 2025" not in sidebar(reader_client)[0]
    assert_counts_right(reader_client)


def test_tags_added_removed_merged_and_deleted_change_the_counts(reader_client, blog):
    posts, (budget, people), _ = blog
    posts["april"].tags.add(budget)
    assert sidebar(reader_client)[1] == {"budget": 3, "people": 2}
    posts["march"].tags.remove(people)
    assert sidebar(reader_client)[1] == {"budget": 3, "people": 1}
    assert_counts_right(reader_client)

    extra = Tag.objects.create(name="extra")
    posts["march 2"].tags.add(extra)
    posts["april"].tags.set([extra, people])
    assert sidebar(reader_client)[1] == {"budget": 2, "extra": 2, "people": 1}
    tag_merge(sources=[extra], target=people)
    assert sidebar(reader_client)[1] == {"budget": 2, "people": 2}
    assert_counts_right(reader_client)

    budget.delete()
    assert sidebar(reader_client)[1] == {"people": 2}
    assert_counts_right(reader_client)


def test_deleting_posts_changes_the_counts(reader_client, blog):
    posts, _, _ = blog
    posts["march"].delete()
    posts["draft"].delete()
    months, tags = sidebar(reader_client)
    assert months == {"April 2025": 1, "March 2025": 1}
    assert tags == {"budget": 1, "people": 1}
    assert_counts_right(reader_client)


def test_the_clock_alone_brings_in_scheduled_posts_and_takes_out_expiring_ones(reader_client, blog):
    posts, (budget, _), _ = blog
    soon = timezone.now() + timedelta(minutes=1)
    make_post(published_at=soon, tags=[budget])
    ending = posts["april"]
    ending.unpublish_at = soon
    ending.save()
    assert_counts_right(reader_client)
    later = soon + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        months, tags = sidebar(reader_client)
        assert months == {f"{timezone.localtime(soon):%B %Y}": 1, "March 2025": 2}
        assert tags == {"budget": 3, "people": 1}
        assert_counts_right(reader_client)


def test_recounting_everything_gives_the_same_counts(reader_client, blog):
    before = sidebar(reader_client)
    recount_all()
    assert sidebar(reader_client) == before


def test_with_the_page_cache_off_no_part_of_a_page_is_kept(reader_client, blog, settings):
    # CEOBLOG_PAGE_CACHE_SECONDS=0 (the benchmark's run without the cache) keeps no page, no
    # sidebar, no related posts and no comment section.
    settings.CEOBLOG_PAGE_CACHE_SECONDS = 0
    posts, _, _ = blog
    cache.clear()
    for address in ("/", posts["march"].get_absolute_url(), "/tag/budget/"):
        assert reader_client.get(address).status_code == 200
    assert not [key for key in cache._cache if "pagecache:" in key]


def test_with_the_page_cache_off_a_post_page_reads_no_content_version(
    reader_client, blog, settings
):
    # Nothing is stored under the version then: reading it is a query for nothing.
    settings.CEOBLOG_PAGE_CACHE_SECONDS = 0
    posts, _, _ = blog
    with CaptureQueriesContext(connection) as queries:
        assert reader_client.get(posts["march"].get_absolute_url()).status_code == 200
    assert not [q["sql"] for q in queries if "pagecache_contentversion" in q["sql"]]

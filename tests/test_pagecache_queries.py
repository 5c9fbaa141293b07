"""Reader pages cost the same number of queries with 10 posts as with 1,000."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from tests.helpers import make_many_posts, make_user

pytestmark = pytest.mark.django_db

PAGES = ["home", "home page 2", "post", "year", "month", "day", "tag", "author", "search", "feed"]


def page_urls(posts, author):
    newest = posts[0]
    local = timezone.localtime(newest.published_at)
    return {
        "home": "/",
        "home page 2": "/page/2/",
        "post": posts[5].get_absolute_url(),
        "year": f"/{local:%Y}/",
        "month": f"/{local:%Y/%m}/",
        "day": f"/{local:%Y/%m/%d}/",
        "tag": "/tag/budget/",
        "author": f"/author/{author.username}/",
        # Every post matches: the dearest search there is.
        "search": "/search/?q=bulk",
        "feed": "/feed/",
    }


def queries_per_page(client, urls, *, cached):
    counts = {}
    for name, url in urls.items():
        if not cached:
            cache.clear()
        else:
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(captured)
    return counts


@pytest.mark.parametrize("cached", [False, True], ids=["rendered", "from the cache"])
def test_reader_pages_cost_the_same_queries_with_10_and_1000_posts(reader_client, cached):
    author = make_user("chief", first_name="Chief", last_name="Executive")
    tags = [Tag.objects.create(name=name, slug=name) for name in ("budget", "thanks", "people")]
    first = make_many_posts(12, author=author, tags=tags)
    urls = page_urls(first, author)
    small = queries_per_page(reader_client, urls, cached=cached)

    make_many_posts(
        988, author=author, tags=tags, start=first[-1].published_at - timezone.timedelta(hours=1)
    )
    large = queries_per_page(reader_client, urls, cached=cached)
    assert large == small


def test_a_rendered_reader_page_stays_within_its_query_budget(
    reader_client, django_assert_max_num_queries
):
    author = make_user("chief")
    tags = [Tag.objects.create(name="budget", slug="budget")]
    posts = make_many_posts(30, author=author, tags=tags)
    for url in page_urls(posts, author).values():
        cache.clear()
        # The post page is the dearest: its permissions check (two), neighbours, related posts (its
        # tags, the latest posts of each, then the posts), the
        # sidebar (stored counts, less what the clock hides; the most read this month; the
        # recent comments), then its comments section filled
        # in for this reader (whether they have comments held for moderation, then the comments
        # every reader sees, whether the reader may reply officially), who reacted how (one
        # query), and the site's pages listed at the foot. Here, with no Redis (the tests'
        # local-memory cache), the reader's read is written to the database (their
        # directorate, then the row): two more, which Redis saves (test_readership_reads.py).
        with django_assert_max_num_queries(26):
            assert reader_client.get(url).status_code == 200


def test_a_cached_reader_page_costs_at_most_three_queries(
    reader_client, django_assert_max_num_queries
):
    author = make_user("chief")
    tags = [Tag.objects.create(name="budget", slug="budget")]
    posts = make_many_posts(30, author=author, tags=tags)
    for name, url in page_urls(posts, author).items():
        reader_client.get(url)
        # Session, signed-in user, content version; a post page also asks whether this reader
        # may reply officially (its comments, who has some held and who reacted how come from
        # the cache), and here, with no Redis (the tests' local-memory cache), writes the read to
        # the database (the reader's directorate, then the row), which Redis takes instead.
        with django_assert_max_num_queries(6 if name == "post" else 3):
            assert reader_client.get(url).status_code == 200

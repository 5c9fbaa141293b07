"""The cache key holds only the query parameters a page reads: any other makes no new copy."""

import secrets
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.helpers import make_many_posts, make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.CEOBLOG_POSTS_PER_PAGE = 2
    cache.clear()


def stored_entries():
    return len(cache._cache)  # the process's cache in tests (LocMemCache)


def rendered(client, url):
    """Return the page, and whether it was rendered (read posts) rather than served stored."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    read_posts = any("posts_post" in query["sql"] for query in captured.captured_queries)
    return response, read_posts


def test_a_random_query_string_is_served_the_stored_page_and_stores_nothing(reader_client):
    post = make_post(title="Depot open day", tags=["roads"])
    urls = ["/", "/tag/roads/", post.get_absolute_url(), "/feed/"]
    for url in urls:
        reader_client.get(url)
    entries = stored_entries()
    for url in urls:
        for _ in range(3):
            response, was_rendered = rendered(reader_client, f"{url}?x={secrets.token_hex(8)}")
            assert response.status_code == 200
            assert not was_rendered, url
    assert "Depot open day" in response.text
    assert stored_entries() == entries


def test_the_order_of_the_parameters_a_page_reads_makes_no_new_copy(reader_client):
    make_post(title="Library hours", body="<p>The library opens early.</p>")
    reader_client.get("/search/?q=library&page=1")
    response, was_rendered = rendered(reader_client, "/search/?page=1&utm_source=mail&q=library")
    assert "Library hours" in response.text
    assert not was_rendered


def test_the_parameters_a_page_reads_still_give_their_own_page(reader_client):
    author = make_user("chief")
    make_many_posts(5, author=author)
    # Newer than those, so these two head the first page.
    newest = {"published_at": timezone.now() - timedelta(minutes=5)}
    make_post(
        title="Library hours", body="<p>The library opens early.</p>", author=author, **newest
    )
    depot = make_post(
        title="Depot open day", body="<p>The depot opens.</p>", author=author, **newest
    )
    # In the list itself, not the sidebar's recent posts.
    listed = f'<a href="{depot.get_absolute_url()}">Depot open day</a></h2>'
    assert listed in reader_client.get("/").text
    assert listed not in reader_client.get("/?page=2").text

    # Each result shows a snippet of its text, which the sidebar does not.
    assert "opens early" in reader_client.get("/search/?q=library").text
    depot = reader_client.get("/search/?q=depot").text
    assert "depot</mark> opens" in depot
    assert "opens early" not in depot


def test_an_old_wordpress_search_link_is_still_redirected_after_the_home_page_is_stored(
    reader_client,
):
    make_post(title="Library hours")
    reader_client.get("/")
    response = reader_client.get("/?s=library")
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=library"

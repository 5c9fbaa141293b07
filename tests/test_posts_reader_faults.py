"""Small faults a reader notices: the favicon, closed comments, the pinned post, search
snippets and tag feeds."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.helpers import make_comment, make_post

pytestmark = pytest.mark.django_db


def test_every_page_links_a_favicon_that_the_site_serves(reader_client):
    make_post()
    page = reader_client.get("/").text
    icons = re.findall(r'<link rel="icon" href="/static/([^"]+)"', page)
    assert icons == ["favicon.ico", "favicon.svg"]
    for icon in icons:
        assert finders.find(icon), f"{icon} is not among the static files"


def test_a_closed_post_with_no_comments_says_only_that_comments_are_closed(reader_client):
    post = make_post(comments_open=False)
    page = reader_client.get(post.get_absolute_url()).text
    assert "No Comments</h2>" not in page
    assert page.count("Comments are closed.") == 1


def test_a_closed_post_with_comments_keeps_its_heading_and_says_it_is_closed(reader_client):
    post = make_post(comments_open=False)
    make_comment(post=post)
    page = reader_client.get(post.get_absolute_url()).text
    assert '<h2 id="comments-title">1 Comment</h2>' in page
    assert "Comments are closed." in page


def test_an_open_post_with_no_comments_still_says_so(reader_client):
    post = make_post()
    page = reader_client.get(post.get_absolute_url()).text
    assert '<h2 id="comments-title">No Comments</h2>' in page


def test_the_pinned_post_is_marked_pinned_on_the_home_page_and_others_are_not(reader_client):
    make_post(title="Welcome to the new blog", is_sticky=True, tags=["news"])
    make_post(title="An ordinary week", tags=["news"])
    page = reader_client.get("/").text
    assert page.count('<p class="post-pinned">Pinned post</p>') == 1
    pinned = page.index("Pinned post")
    assert page.index("Welcome to the new blog") < pinned < page.index("An ordinary week")
    # Only the home page puts it first: on a tag page it is in date order, not pinned.
    assert "Pinned post" not in reader_client.get("/tag/news/").text


def test_a_search_snippet_keeps_a_heading_apart_from_the_next_sentence(reader_client):
    make_post(
        title="Winter update",
        body="<h2>Gritting crews</h2><p>They went out before dawn.</p>"
        "<ul><li>Salt stocks</li><li>Routes</li></ul><p>Thanks to everyone.</p>",
    )
    page = reader_client.get(reverse("posts:search"), {"q": "gritting"}).text
    snippet = re.search(r'<p class="search-result__snippet">(.*?)</p>', page, re.DOTALL)[1]
    text = " ".join(re.sub(r"<[^>]+>", "", snippet).split())
    assert "Gritting crews — They went out before dawn." in text
    # PostgreSQL's snippet ends at the last word, without its full stop.
    assert "Salt stocks — Routes — Thanks to everyone" in text


def test_a_tag_page_links_its_own_feeds(reader_client):
    make_post(tags=["libraries"])
    page = reader_client.get("/tag/libraries/").text
    rss = reverse("posts:tag-feed", kwargs={"slug": "libraries"})
    atom = reverse("posts:tag-feed-atom", kwargs={"slug": "libraries"})
    title = "From the Chief Executive: posts tagged ‘libraries’"
    assert f'type="application/rss+xml" title="{title} (RSS)" href="{rss}">' in page
    assert f'type="application/atom+xml" title="{title} (Atom)" href="{atom}">' in page
    assert f'<a href="{rss}">Feed of posts tagged ‘libraries’ (RSS)</a>' in page
    assert reader_client.get(rss).status_code == 200

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import resolve, reverse
from django.utils import timezone

from posts.models import Post
from posts.search import search_posts, stem_word
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


def result_titles(response):
    return re.findall(
        r'<h2 id="result-\d+-title" class="post-title"><a [^>]*>([^<]*)</a>', response.text
    )


def test_search_address_resolves_both_ways():
    assert reverse("posts:search") == "/search/"
    assert resolve("/search/").view_name == "posts:search"


def test_search_finds_a_post_by_another_form_of_a_word(reader_client):
    make_post(title="Winter ready", body="<p>The crews gritted every main road overnight.</p>")
    make_post(title="Library news", body="<p>New opening hours at the central library.</p>")

    response = reader_client.get("/search/", {"q": "gritting"})

    assert response.status_code == 200
    assert result_titles(response) == ["Winter ready"]
    assert "1 post found" in response.text


def test_title_match_ranks_above_body_match(reader_client):
    make_post(
        title="Thanks to the depot team",
        body="<p>Potholes were filled on the ring road.</p>",
        published_at=timezone.now() - timedelta(hours=1),
    )
    make_post(
        title="Potholes",
        body="<p>An update on the roads programme.</p>",
        published_at=timezone.now() - timedelta(days=30),
    )

    response = reader_client.get("/search/", {"q": "potholes"})

    assert result_titles(response) == ["Potholes", "Thanks to the depot team"]


def test_search_never_returns_drafts_or_future_posts(reader_client):
    make_post(title="Flood wardens published", body="<p>flood wardens</p>")
    make_post(title="Flood wardens draft", body="<p>flood wardens</p>", status=Post.Status.DRAFT)
    make_post(
        title="Flood wardens scheduled",
        body="<p>flood wardens</p>",
        published_at=timezone.now() + timedelta(days=2),
    )

    response = reader_client.get("/search/", {"q": "flood wardens"})

    assert result_titles(response) == ["Flood wardens published"]
    assert "draft" not in response.text.lower()
    assert "scheduled" not in response.text


def test_snippet_marks_the_matched_word_and_escapes_the_text(reader_client):
    make_post(
        title="Budget",
        body="<p>We kept the &lt;script&gt; budget &amp; the libraries open all winter.</p>",
    )

    response = reader_client.get("/search/", {"q": "libraries"})

    snippet = re.search(r'<p class="search-result__snippet">(.*?)</p>', response.text, re.S)[1]
    assert re.search(r"<mark>librar(y|ies)</mark>", snippet, re.I)
    assert "&lt;script&gt;" in snippet
    assert "<script>" not in snippet
    assert "&amp;amp;" not in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_results_are_paginated_with_older_and_newer_links(reader_client, settings):
    settings.CEOBLOG_POSTS_PER_PAGE = 2
    for days in range(5):
        make_post(
            title=f"Recycling week {days}",
            body="<p>recycling</p>",
            published_at=timezone.now() - timedelta(days=days + 1),
        )

    first = reader_client.get("/search/", {"q": "recycling"})
    second = reader_client.get("/search/", {"q": "recycling", "page": 2})

    assert "5 posts found" in first.text
    assert 'href="/search/?q=recycling&amp;page=2" rel="next">Older posts' in first.text
    assert "Newer posts" not in first.text
    assert len(result_titles(second)) == 2
    assert 'href="/search/?q=recycling&amp;page=1" rel="prev">Newer posts' in second.text


def test_a_word_on_very_many_posts_ranks_the_newest_and_says_so(reader_client, monkeypatch):
    monkeypatch.setattr("posts.search.SEARCH_POOL", 3)
    monkeypatch.setattr("posts.views.SEARCH_POOL", 3)
    for days in range(5):
        make_post(
            # The oldest says it most, but it is not among the newest three.
            title="Recycling recycling" if days == 4 else f"Week {days}",
            body="<p>recycling</p>",
            published_at=timezone.now() - timedelta(days=days + 1),
        )

    response = reader_client.get("/search/", {"q": "recycling"})

    assert "More than 3 posts found: the newest 3, best match first." in response.text
    assert result_titles(response) == ["Week 0", "Week 1", "Week 2"]
    monkeypatch.setattr("posts.search.SEARCH_POOL", 5)
    monkeypatch.setattr("posts.views.SEARCH_POOL", 5)
    cache.clear()
    everything = reader_client.get("/search/", {"q": "recycling"})
    assert "5 posts found, best match first." in everything.text
    assert result_titles(everything)[0] == "Recycling recycling"


def test_empty_search_explains_what_to_do(reader_client):
    response = reader_client.get("/search/", {"q": "   "})

    assert response.status_code == 200
    assert "Type one or more words" in response.text


def test_over_long_search_gets_a_clear_message(reader_client):
    response = reader_client.get("/search/", {"q": "gritting " * 30})

    assert response.status_code == 400
    assert "Use at most 200 characters" in response.text
    assert 'href="#search-page-q"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "'",
        "back\\slash\\",
        "&|!():*",
        "a & b | !c",
        "grit:*",
        "((((",
        "-",
        "or",
        "the",
        "NUL\x00byte",
        "\x00",
        "tab\tand\nnewline",
        "❄️ snow ☃",
        "<script>alert(1)</script>",
        "%",
        "_",
        "100%_done",
        "';DROP TABLE posts_post;--",
        "\u202eright-to-left",
    ],
)
def test_odd_characters_get_a_page_never_an_error(reader_client, query):
    make_post(title="Snow plan", body="<p>Gritting and snow clearing.</p>")

    response = reader_client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert Post.objects.count() == 1


def test_search_box_is_in_the_header_with_a_label(reader_client):
    response = reader_client.get("/")

    assert '<form role="search" class="site-search" method="get" action="/search/"' in response.text
    assert '<label for="site-search-q">Search posts</label>' in response.text


def test_wordpress_search_address_redirects_to_search(reader_client):
    response = reader_client.get("/", {"s": "gritting crews"})

    assert response.status_code == 301
    assert response["Location"] == "/search/?q=gritting+crews"


def test_search_page_answers_within_a_query_budget(reader_client, django_assert_max_num_queries):
    for number in range(12):
        make_post(title=f"Council news {number}", body="<p>council news</p>", tags=["news"])

    # Session, user, content version, count, results, the sidebar (four, with what the clock
    # hides, then most read and recent comments) and the site's pages at the foot, however
    # many posts match.
    with django_assert_max_num_queries(12):
        response = reader_client.get("/search/", {"q": "council"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("gritting", "grit"),
        ("gritted", "grit"),
        ("grit", "grit"),
        ("libraries", "librar"),
        ("roads", "road"),
        ("running", "run"),
        ("fall", "fall"),
    ],
)
def test_fallback_stems_common_english_endings(word, stem):
    assert stem_word(word) == stem


@on_postgres
def test_search_query_uses_the_gin_index():
    author = make_user()
    now = timezone.now()
    # A realistic archive (about 2,000 posts, ten years of a busy blog), inserted in one go.
    Post.objects.bulk_create(
        Post(
            title=f"Routine update {number}",
            slug=f"routine-update-{number}",
            body=f"<p>Ordinary council business, item {number}.</p>",
            author=author,
            status=Post.Status.PUBLISHED,
            published_at=now - timedelta(days=number),
            published_on=(now - timedelta(days=number)).date(),
        )
        for number in range(2000)
    )
    make_post(title="Gritting", body="<p>Gritted roads.</p>", author=author)
    with connection.cursor() as cursor:
        # New GIN entries wait in a pending list until autovacuum merges them; merge them now,
        # as production would have, then give the planner fresh statistics. No planner setting
        # is changed: the plan below is the one PostgreSQL chooses by itself.
        cursor.execute("SELECT gin_clean_pending_list('post_search_vector_gin'::regclass)")
        cursor.execute("ANALYZE posts_post")

    plan = search_posts("gritting").explain()

    assert "Bitmap Index Scan on post_search_vector_gin" in plan
    assert "Seq Scan on posts_post" not in plan

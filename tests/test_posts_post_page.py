import re
from datetime import timedelta

import pytest
from django.utils import timezone

from posts.models import Post
from posts.related import post_related
from tests.helpers import make_post

pytestmark = pytest.mark.django_db


def related_titles(response):
    section = re.search(r'<section class="related-posts".*?</section>', response.text, re.S)
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section[0]) if section else []


def meta(response, attribute, name):
    found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', response.text)
    return found


def test_related_posts_share_tags_most_shared_first(reader_client):
    post = make_post(title="Winter roads", tags=["roads", "winter", "thanks"])
    make_post(title="One tag", tags=["roads"], published_at=timezone.now() - timedelta(hours=2))
    make_post(
        title="Two tags", tags=["roads", "winter"], published_at=timezone.now() - timedelta(days=9)
    )
    make_post(
        title="Three tags",
        tags=["roads", "winter", "thanks"],
        published_at=timezone.now() - timedelta(days=20),
    )
    make_post(
        title="Another one tag", tags=["thanks"], published_at=timezone.now() - timedelta(days=30)
    )
    make_post(title="No shared tag", tags=["libraries"])

    response = reader_client.get(post.get_absolute_url())

    assert related_titles(response) == ["Three tags", "Two tags", "One tag"]


def test_related_posts_exclude_the_post_itself_drafts_and_future_posts(reader_client):
    post = make_post(title="Budget", tags=["budget"])
    make_post(title="Budget draft", tags=["budget"], status=Post.Status.DRAFT)
    make_post(
        title="Budget later", tags=["budget"], published_at=timezone.now() + timedelta(days=1)
    )
    make_post(title="Budget last year", tags=["budget"])

    response = reader_client.get(post.get_absolute_url())

    assert related_titles(response) == ["Budget last year"]


def test_post_without_related_posts_has_no_related_section(reader_client):
    post = make_post(tags=["unique"])

    response = reader_client.get(post.get_absolute_url())

    assert "Related posts" not in response.text


def test_related_posts_weigh_only_each_tags_latest_posts(reader_client, monkeypatch):
    monkeypatch.setattr("posts.related.RELATED_POOL", 2)
    # Shares both tags, but two newer posts of each tag come after it.
    make_post(title="Older, both tags", tags=["roads", "winter"])
    for number in range(2):
        make_post(title=f"Roads {number}", tags=["roads"])
        make_post(title=f"Winter {number}", tags=["winter"])
    post = make_post(title="Gritting", tags=["roads", "winter"])

    titles = related_titles(reader_client.get(post.get_absolute_url()))

    assert len(titles) == 3
    assert "Older, both tags" not in titles


@pytest.mark.parametrize("others", [5, 50])
def test_related_posts_take_as_many_queries_at_any_size(django_assert_num_queries, others):
    post = make_post(tags=["roads", "winter"])
    for number in range(others):
        make_post(title=f"Roads {number}", tags=["roads"])
        make_post(title=f"Winter {number}", tags=["winter"])

    plain = Post.objects.get(pk=post.pk)
    # A post page has its post's tags already.
    with_tags = Post.objects.prefetch_related("tags").get(pk=post.pk)

    # The post's tags, then the related posts in one query (each tag's latest in a subquery).
    with django_assert_num_queries(2):
        related = post_related(post=plain)
    with django_assert_num_queries(1):
        related_again = post_related(post=with_tags)

    assert len(related) == 3
    assert related_again == related


def test_post_page_says_how_long_it_takes_to_read(reader_client):
    short = make_post(body="<p>Thank you all.</p>")
    long = make_post(body="<p>" + "word " * 801 + "</p>")

    assert "1 minute read" in reader_client.get(short.get_absolute_url()).text
    assert "5 minute read" in reader_client.get(long.get_absolute_url()).text


def test_post_page_has_description_open_graph_and_canonical_link(reader_client, settings):
    settings.CEOBLOG_SITE_URL = "https://intranet.example.gov.uk"
    post = make_post(
        title='Fish & "chips" Friday',
        excerpt="A thank-you to the catering team & everyone who helped.",
        tags=["thanks"],
    )
    url = f"https://intranet.example.gov.uk{post.get_absolute_url()}"

    response = reader_client.get(post.get_absolute_url())

    description = "A thank-you to the catering team &amp; everyone who helped."
    assert meta(response, "name", "description") == [description]
    assert meta(response, "property", "og:title") == ["Fish &amp; &quot;chips&quot; Friday"]
    assert meta(response, "property", "og:description") == [description]
    assert meta(response, "property", "og:type") == ["article"]
    assert meta(response, "property", "og:url") == [url]
    assert meta(response, "property", "article:published_time") == [
        timezone.localtime(post.published_at).isoformat()
    ]
    assert meta(response, "property", "article:tag") == ["thanks"]
    assert f'<link rel="canonical" href="{url}">' in response.text


def test_open_graph_address_uses_the_request_host_when_no_site_address_is_set(
    reader_client, settings
):
    settings.CEOBLOG_SITE_URL = ""
    post = make_post()

    response = reader_client.get(post.get_absolute_url())

    assert meta(response, "property", "og:url") == [f"http://testserver{post.get_absolute_url()}"]


def test_description_falls_back_to_the_opening_words_as_plain_text(reader_client):
    post = make_post(body="<p>Caf&eacute; staff &amp; <strong>volunteers</strong> did well.</p>")

    response = reader_client.get(post.get_absolute_url())

    assert meta(response, "name", "description") == ["Café staff &amp; volunteers did well."]


def test_preview_of_a_draft_asks_search_engines_not_to_index_it(editor_client):
    draft = make_post(status=Post.Status.DRAFT)

    response = editor_client.get(draft.get_absolute_url())

    assert '<meta name="robots" content="noindex">' in response.text

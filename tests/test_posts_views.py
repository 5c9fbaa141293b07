import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from posts.models import Post
from posts.post_page import post_page_context
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db

# Thursday 16 May 2013, 09:00 in London (08:00 UTC, British Summer Time).
THURSDAY = datetime(2013, 5, 16, 8, 0, tzinfo=UTC)


def titles_in(response):
    """Return the post titles of a list page, in page order."""
    return re.findall(r'class="post-title"><a href="[^"]+">([^<]+)</a>', response.text)


def test_month_archive_is_headed_like_the_old_blog(reader_client):
    make_post(title="Back to business", published_at=THURSDAY)
    response = reader_client.get("/2013/05/")
    assert response.status_code == 200
    assert '<h1 class="archive-title">Archive for May, 2013</h1>' in response.text


def test_year_and_day_archives_are_headed_like_the_old_blog(reader_client):
    make_post(published_at=THURSDAY)
    assert "Archive for 2013</h1>" in reader_client.get("/2013/").text
    assert "Archive for May 16th, 2013</h1>" in reader_client.get("/2013/05/16/").text


def test_tag_page_heading_uses_typographic_quotes_and_the_name_as_entered(reader_client):
    make_post(tags=["Thanks"])
    response = reader_client.get("/tag/thanks/")
    assert response.status_code == 200
    assert "Posts Tagged ‘Thanks’</h1>" in response.text


def test_tag_name_is_html_escaped_in_the_heading(reader_client):
    post = make_post(tags=["<b>bold</b> & brave"])
    response = reader_client.get(f"/tag/{post.tags.get().slug}/")
    assert "Posts Tagged ‘&lt;b&gt;bold&lt;/b&gt; &amp; brave’</h1>" in response.text


def test_author_page_is_headed_with_the_full_name(reader_client):
    author = make_user("chiefexec", first_name="Morgan", last_name="Hale")
    make_post(author=author)
    response = reader_client.get("/author/chiefexec/")
    assert response.status_code == 200
    assert "Posts by Morgan Hale</h1>" in response.text


def test_posts_show_their_date_like_the_old_blog(reader_client):
    make_post(published_at=THURSDAY)
    response = reader_client.get("/2013/05/")
    assert '<time datetime="2013-05-16T09:00:00+01:00">Thursday, May 16th, 2013</time>' in (
        response.text
    )


def test_list_shows_title_link_whole_body_and_tags(reader_client):
    post = make_post(
        title="Gritting heroes", body="<p>First paragraph.</p><p>Second one.</p>", tags=["winter"]
    )
    response = reader_client.get("/")
    assert f'<a href="{post.get_absolute_url()}">Gritting heroes</a>' in response.text
    assert "<p>First paragraph.</p><p>Second one.</p>" in response.text
    assert 'href="/tag/winter/" rel="tag">winter</a>' in response.text


def test_lists_are_newest_first_and_same_day_posts_in_time_order(reader_client):
    make_post(title="Older", published_at=THURSDAY - timedelta(days=3))
    make_post(title="Morning", published_at=THURSDAY)
    make_post(title="Afternoon", published_at=THURSDAY + timedelta(hours=6))
    assert titles_in(reader_client.get("/2013/05/")) == ["Afternoon", "Morning", "Older"]
    assert titles_in(reader_client.get("/2013/05/16/")) == ["Afternoon", "Morning"]


def test_sticky_post_is_first_on_the_home_page_only(reader_client):
    make_post(title="Pinned", published_at=THURSDAY - timedelta(days=30), is_sticky=True)
    make_post(title="Newest", published_at=THURSDAY)
    assert titles_in(reader_client.get("/")) == ["Pinned", "Newest"]
    assert titles_in(reader_client.get("/2013/")) == ["Newest", "Pinned"]


def test_lists_are_paginated_ten_a_page_with_older_and_newer_links(reader_client):
    for day in range(12):
        make_post(title=f"Day {day}", published_at=THURSDAY - timedelta(days=day))
    first = reader_client.get("/")
    assert len(titles_in(first)) == 10
    assert '<a href="/page/2/" rel="next">Older posts</a>' in first.text
    assert "Newer posts" not in first.text
    second = reader_client.get("/page/2/")
    assert titles_in(second) == ["Day 10", "Day 11"]
    assert '<a href="/" rel="prev">Newer posts</a>' in second.text
    assert "Older posts" not in second.text


def test_archive_pages_paginate_at_their_own_addresses(reader_client):
    for hour in range(11):
        make_post(published_at=THURSDAY + timedelta(minutes=hour))
    assert '<a href="/2013/05/16/page/2/"' in reader_client.get("/2013/05/16/").text
    assert reader_client.get("/2013/05/16/page/2/").status_code == 200
    assert reader_client.get("/2013/05/16/page/3/").status_code == 404


def test_first_page_address_redirects_to_the_list_itself(reader_client):
    make_post()
    response = reader_client.get("/page/1/")
    assert response.status_code == 301
    assert response["Location"] == "/"


def test_post_page_shows_title_date_author_tags_body_and_neighbours(reader_client):
    author = make_user("chiefexec", first_name="Morgan", last_name="Hale")
    before = make_post(title="Before", published_at=THURSDAY - timedelta(days=7))
    post = make_post(
        title="Back to business",
        author=author,
        published_at=THURSDAY,
        body="<p>Welcome back.</p>",
        tags=["thanks"],
    )
    after = make_post(title="After", published_at=THURSDAY + timedelta(days=7))
    response = reader_client.get("/2013/05/16/" + post.slug + "/")
    assert response.status_code == 200
    text = response.text
    assert '<h1 id="post-title" class="post-title">Back to business</h1>' in text
    assert "Thursday, May 16th, 2013" in text
    assert ">Morgan Hale</a>" in text
    assert "<p>Welcome back.</p>" in text
    assert 'rel="tag">thanks</a>' in text
    assert f'<a href="{before.get_absolute_url()}" rel="prev">Before</a>' in text
    assert f'<a href="{after.get_absolute_url()}" rel="next">After</a>' in text


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_a_posts_neighbours_are_the_nearest_posts_readers_see_read_in_one_query(
    which, django_assert_num_queries
):
    week = timedelta(days=7)
    older = make_post(title="Older", published_at=THURSDAY - 2 * week)
    make_post(title="Before", published_at=THURSDAY - week)
    make_post(title="Draft between", status=Post.Status.DRAFT)
    make_post(title="Gone between", published_at=THURSDAY - week, unpublish_at=THURSDAY)
    middle = make_post(title="Middle", published_at=THURSDAY)
    after = make_post(title="After", published_at=THURSDAY + week)
    make_post(title="Scheduled", published_at=timezone.now() + week)
    post, expected = {
        "first": (older, (None, "Before")),
        "middle": (middle, ("Before", "After")),
        "last": (after, ("Middle", None)),
    }[which]
    # PostgreSQL takes both in one query; SQLite allows no LIMIT inside a UNION.
    queries = 1 if connection.features.supports_slicing_ordering_in_compound else 2

    with django_assert_num_queries(queries):
        context = post_page_context(post)

    titles = tuple(
        context[key].title if context[key] else None for key in ("previous_post", "next_post")
    )
    assert titles == expected


def test_sidebar_counts_months_and_tags_and_lists_recent_posts(reader_client):
    make_post(title="One", published_at=THURSDAY, tags=["thanks"])
    make_post(title="Two", published_at=THURSDAY - timedelta(days=1), tags=["thanks", "roads"])
    make_post(title="Three", published_at=datetime(2013, 4, 2, 9, tzinfo=UTC))
    text = reader_client.get("/").text
    assert '<a href="/2013/05/">May 2013</a> (2)' in text
    assert '<a href="/2013/04/">April 2013</a> (1)' in text
    assert '<a href="/tag/thanks/">thanks</a> (2)' in text
    assert '<a href="/tag/roads/">roads</a> (1)' in text
    assert text.index(">One</a></li>") < text.index(">Two</a></li>") < text.index(">Three</a></li>")


def archives_list(text):
    return text.split('<h2 id="sidebar-archives">Archives</h2>')[1].split("</section>")[0]


def test_sidebar_archives_list_each_month_newest_first_as_pinned(reader_client):
    make_post(published_at=THURSDAY)
    make_post(published_at=datetime(2012, 12, 31, 23, 30, tzinfo=UTC))  # 31st December in London
    make_post(published_at=datetime(2012, 12, 1, 9, tzinfo=UTC))
    item = '\n      <li><a href="/{}/">{}</a> ({})</li>\n      '
    expected = item.format("2013/05", "May 2013", 1) + item.format("2012/12", "December 2012", 2)

    text = reader_client.get("/").text

    assert archives_list(text) == f"\n    <ul>\n      {expected}\n    </ul>\n  "


def test_sidebar_archives_say_so_when_nothing_is_published(reader_client):
    make_post(status=Post.Status.DRAFT)

    text = reader_client.get("/").text

    assert (
        archives_list(text)
        == "\n    <ul>\n      \n      <li>No posts yet.</li>\n      \n    </ul>\n  "
    )


UNSEEN = "Unseen twin"


def make_hidden_twins(author):
    """Make a published post with a draft and a scheduled twin on the same day and tag."""
    make_post(
        title="Visible", slug="visible", author=author, published_at=THURSDAY, tags=["thanks"]
    )
    make_post(
        title=UNSEEN,
        slug="draft-twin",
        author=author,
        published_at=THURSDAY,
        status=Post.Status.DRAFT,
        tags=["thanks", "secret-draft"],
    )
    scheduled = make_post(
        title=UNSEEN,
        slug="scheduled-twin",
        author=author,
        published_at=timezone.now() + timedelta(days=3),
        tags=["thanks", "secret-scheduled"],
    )
    return scheduled


@pytest.mark.parametrize(
    "path",
    ["/", "/2013/", "/2013/05/", "/2013/05/16/", "/tag/thanks/", "/author/chiefexec/"],
)
def test_drafts_and_scheduled_posts_appear_on_no_listing(reader_client, path):
    make_hidden_twins(make_user("chiefexec"))
    response = reader_client.get(path)
    assert response.status_code == 200
    assert "Visible" in response.text
    assert UNSEEN not in response.text


def test_drafts_and_scheduled_posts_count_in_no_sidebar(reader_client):
    scheduled = make_hidden_twins(make_user("chiefexec"))
    text = reader_client.get("/").text
    assert '<a href="/2013/05/">May 2013</a> (1)' in text
    assert '<a href="/tag/thanks/">thanks</a> (1)' in text
    assert "secret-draft" not in text
    assert "secret-scheduled" not in text
    assert scheduled.published_at.strftime("%B %Y") not in text


def test_tag_used_only_by_drafts_has_no_page(reader_client):
    make_hidden_twins(make_user("chiefexec"))
    assert reader_client.get("/tag/secret-draft/").status_code == 404
    assert reader_client.get("/tag/secret-scheduled/").status_code == 404


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.PUBLISHED])
def test_reader_gets_404_for_a_post_they_may_not_see(reader_client, status):
    post = make_post(
        status=status,
        published_at=timezone.now() + timedelta(days=2)
        if status == Post.Status.PUBLISHED
        else THURSDAY,
    )
    assert reader_client.get(post.get_absolute_url()).status_code == 404


def test_editor_previews_a_draft_with_a_banner_and_no_caching(editor_client):
    post = make_post(title="Work in progress", status=Post.Status.DRAFT)
    response = editor_client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: not published." in response.text
    assert "Work in progress" in response.text
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_editor_previews_a_scheduled_post_and_is_told_when_it_goes_live(editor_client):
    post = make_post(published_at=timezone.now() + timedelta(days=2))
    response = editor_client.get(post.get_absolute_url())
    assert "Preview: not published." in response.text
    assert "This post is scheduled for" in response.text


def test_published_post_has_no_preview_banner_for_an_editor(editor_client):
    post = make_post()
    assert "Preview: not published." not in editor_client.get(post.get_absolute_url()).text


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/2013/5/16/back-to-business/", "/2013/05/16/back-to-business/"),
        ("/2013/05/6/back-to-business/", "/2013/05/16/back-to-business/"),
        ("/2013/05/17/back-to-business/", "/2013/05/16/back-to-business/"),
        ("/2012/01/01/back-to-business/", "/2013/05/16/back-to-business/"),
        ("/2013/02/30/back-to-business/", "/2013/05/16/back-to-business/"),
        ("/2013/05/16/back-to-business", "/2013/05/16/back-to-business/"),
        ("/2013/5/", "/2013/05/"),
        ("/2013/05/6/", "/2013/05/06/"),
    ],
)
def test_non_canonical_addresses_redirect_permanently(reader_client, path, target):
    make_post(slug="back-to-business", published_at=THURSDAY)
    make_post(slug="earlier", published_at=datetime(2013, 5, 6, 9, tzinfo=UTC))
    response = reader_client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


def test_redirect_keeps_the_query_string(reader_client):
    make_post(slug="back-to-business", published_at=THURSDAY)
    response = reader_client.get("/2013/5/16/back-to-business/?utm=email")
    assert response["Location"] == "/2013/05/16/back-to-business/?utm=email"


@pytest.mark.parametrize(
    "path",
    [
        "/2013/05/16/no-such-post/",
        "/2013/",
        "/2013/05/",
        "/2013/13/",
        "/2013/05/32/",
        "/tag/no-such-tag/",
        "/author/nobody/",
        "/page/99/",
        "/no/such/page/",
    ],
)
def test_unknown_addresses_get_the_designed_404_page(reader_client, path):
    response = reader_client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'class="site-title"' in response.text


def test_unicode_slug_post_is_reachable(reader_client):
    post = make_post(title="Diolch", slug="diolch-ŵyr", published_at=THURSDAY)
    response = reader_client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Diolch" in response.text


@pytest.mark.parametrize(
    "address", ["/2013/", "/2013/05/", "/2013/05/16/", "/tag/roads/", "/author/chiefexec/"]
)
def test_a_list_with_no_post_readers_see_is_not_found(reader_client, address):
    author = make_user("chiefexec")
    make_post(title="Drafted then", author=author, status=Post.Status.DRAFT, tags=["roads"])
    make_post(
        title="Next year's",
        author=author,
        published_at=timezone.now() + timedelta(days=365),
        tags=["roads"],
    )
    make_post(
        title="Gone",
        author=author,
        published_at=THURSDAY,
        unpublish_at=THURSDAY + timedelta(days=1),
        tags=["roads"],
    )

    response = reader_client.get(address)

    assert response.status_code == 404
    make_post(title="Shown", author=author, published_at=THURSDAY, tags=["roads"])
    assert reader_client.get(address).status_code == 200
    assert reader_client.get(f"{address}page/2/").status_code == 404

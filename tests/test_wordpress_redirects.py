import io

import pytest
from django.core.management import call_command

from posts.models import Post
from tests.helpers import wxr_document, wxr_item
from wordpress.models import ImportedObject

pytestmark = pytest.mark.django_db

TERMS = """<wp:category><wp:term_id>41</wp:term_id><wp:category_nicename>news</wp:category_nicename>
<wp:cat_name><![CDATA[Council news]]></wp:cat_name></wp:category>"""
TAGGED = """<category domain="post_tag" nicename="thanks"><![CDATA[thanks]]></category>
<category domain="category" nicename="news"><![CDATA[Council news]]></category>"""


@pytest.fixture
def imported(tmp_path):
    """Import a published post at an old "numeric" permalink, a draft and a scheduled post."""
    path = tmp_path / "export.xml"
    items = [
        wxr_item(
            101,
            title="Back to business",
            post_name="back-to-business",
            link="https://old.example/archives/101",
            extra=TAGGED,
        ),
        wxr_item(102, status="draft", post_name="secret-plans", link="https://old.example/?p=102"),
        wxr_item(
            103,
            status="future",
            post_date_gmt="2099-01-01 09:00:00",
            post_name="next-year",
            link="https://old.example/2099/01/01/next-year/",
        ),
    ]
    path.write_text(wxr_document(*items, channel_extra=TERMS), encoding="utf-8")
    call_command("import_wordpress", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return Post.objects.get(slug="back-to-business")


def assert_moved(response, url):
    assert response.status_code == 301
    assert response["Location"] == url


def test_old_post_id_redirects_to_the_post(reader_client, imported):
    assert_moved(reader_client.get("/?p=101"), "/2013/05/16/back-to-business/")


@pytest.mark.parametrize("wp_id", [102, 103, 999])
def test_old_post_id_of_a_draft_scheduled_or_unknown_post_is_not_found(
    reader_client, imported, wp_id
):
    response = reader_client.get(f"/?p={wp_id}")
    assert response.status_code == 404
    assert "secret-plans" not in response.text


def test_old_permalink_path_redirects_to_the_post(reader_client, imported):
    assert_moved(reader_client.get("/archives/101"), imported.get_absolute_url())
    assert_moved(reader_client.get("/archives/101/"), imported.get_absolute_url())


def test_old_permalink_of_a_scheduled_post_is_not_found(reader_client, imported):
    assert reader_client.get("/2099/01/01/next-year/").status_code == 404


def test_old_month_and_day_queries_redirect_to_the_archives(reader_client, imported):
    assert_moved(reader_client.get("/?m=201305"), "/2013/05/")
    assert_moved(reader_client.get("/?m=20130516"), "/2013/05/16/")
    assert_moved(reader_client.get("/?m=2013"), "/2013/")


def test_old_tag_and_category_queries_redirect_to_the_tag(reader_client, imported):
    assert_moved(reader_client.get("/?tag=thanks"), "/tag/thanks/")
    assert_moved(reader_client.get("/?cat=41"), "/tag/news/")
    assert_moved(reader_client.get("/?cat=news"), "/tag/news/")
    assert_moved(reader_client.get("/category/news/"), "/tag/news/")


def test_old_search_goes_to_search_with_the_same_words(reader_client, imported):
    response = reader_client.get("/?s=back+to+business", follow=True)
    assert response.redirect_chain == [("/search/?q=back+to+business", 301)]
    assert response.status_code == 200
    assert "Search results for ‘back to business’</h1>" in response.text
    assert "1 post found" in response.text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/?feed=rss2", "/feed/"),
        ("/?feed=rss", "/feed/"),
        ("/?feed=rdf", "/feed/"),
        ("/?feed=atom", "/feed/atom/"),
        ("/feed/rss2/", "/feed/"),
        ("/feed/rss/", "/feed/"),
        ("/feed/rdf/", "/feed/"),
    ],
)
def test_old_feed_addresses_go_to_the_feeds(reader_client, imported, old, new):
    response = reader_client.get(old, follow=True)
    assert response.redirect_chain == [(new, 301)]
    assert response.status_code == 200
    assert "Back to business" in response.text


def test_the_feeds_themselves_answer_without_a_redirect(reader_client, imported):
    assert reader_client.get("/feed/").status_code == 200
    assert reader_client.get("/feed/atom/").status_code == 200


def test_an_unknown_feed_name_is_not_found(reader_client, imported):
    assert reader_client.get("/?feed=comments-rss2").status_code == 200  # the home page
    assert reader_client.get("/feed/podcast/").status_code == 404


def test_signed_out_visitors_sign_in_before_learning_where_a_post_went(client, imported, settings):
    response = client.get("/archives/101")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/archives/101"
    response = client.get("/?p=101")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_old_paths_are_stored_for_imported_posts(imported):
    mapping = ImportedObject.objects.get(kind="post", wp_id=101)
    assert mapping.old_path == "/archives/101"
    assert mapping.content_object == imported


@pytest.mark.parametrize(
    "address",
    [
        "/archives/1%00",
        "/wp-content/uploads/%00.jpg",
        "/?p=1%00",
        "/?p=99999999999999999999999",
        "/?p=%C2%B2",
        "/?cat=%C2%B2",
        "/?m=%D9%A2%D9%A0%D9%A1%D9%A3",
    ],
)
def test_odd_old_addresses_are_not_found_rather_than_errors(reader_client, imported, address):
    assert reader_client.get(address).status_code in {200, 404}


@pytest.mark.parametrize(
    ("address", "target"), [("/?tag=thanks%00", "/tag/thanks/"), ("/?cat=news%00", "/tag/news/")]
)
def test_a_nul_character_in_an_old_query_is_dropped_before_redirecting(
    reader_client, imported, address, target
):
    # NulCharacterMiddleware drops NUL from every query, as the search box always did.
    response = reader_client.get(address)
    assert response.status_code == 301
    assert response["Location"] == target

import pytest

from comments.models import Comment
from pages.models import Page
from tests.helpers import wxr_document, wxr_item
from tests.test_wordpress_comments import wxr_comment
from tests.test_wordpress_import import CORPORA, run_import

pytestmark = pytest.mark.django_db


def page_item(wp_id, slug, **fields):
    fields.setdefault("title", slug.capitalize())
    fields.setdefault("link", f"https://old.example/{slug}/")
    return wxr_item(wp_id, post_type="page", post_name=slug, **fields)


def with_parent(item, parent_id):
    return item.replace("</item>", f"<wp:post_parent>{parent_id}</wp:post_parent></item>")


def import_pages(tmp_path, *items):
    path = tmp_path / "export.xml"
    path.write_text(wxr_document(*items), encoding="utf-8")
    return run_import(path)


def test_a_page_keeps_its_old_address_and_is_listed_on_every_page(tmp_path, reader_client):
    report = import_pages(
        tmp_path,
        page_item(5, "about", title="About the chief executive", content="I joined in 2019."),
        wxr_item(1),
    )
    assert "Pages: 1 new published" in report
    page = reader_client.get("/about/")
    assert page.status_code == 200
    assert '<h1 id="page-title">About the chief executive</h1>' in page.text
    assert "<p>I joined in 2019.</p>" in page.text
    home = reader_client.get("/").text
    assert '<a href="/about/">About the chief executive</a>' in home


def test_a_child_page_lives_under_its_parent_and_old_page_ids_redirect(tmp_path, reader_client):
    import_pages(
        tmp_path,
        page_item(5, "about"),
        # Plain permalinks: the old link names no path, so the slugs make it, as WordPress does.
        with_parent(page_item(6, "team", link="https://old.example/?page_id=6"), 5),
    )
    assert reader_client.get("/about/team/").status_code == 200
    response = reader_client.get("/?page_id=6")
    assert (response.status_code, response["Location"]) == (301, "/about/team/")


def test_page_comments_are_named_in_the_report_not_lost_silently(tmp_path):
    comments = wxr_comment(31) + wxr_comment(32, parent=31)
    report = import_pages(tmp_path, page_item(5, "contact", title="Contact", extra=comments))
    assert not Comment.objects.exists()
    assert (
        "Page 5 “Contact”: its 2 comment(s) were not imported (ceoblog's pages take no "
        "comments): 31, 32." in report
    )
    assert "2 × comments on pages (ceoblog's pages take no comments)" in report


def test_a_page_at_an_address_the_site_uses_gets_a_free_one(tmp_path, reader_client):
    report = import_pages(tmp_path, page_item(5, "search", title="How to search"))
    assert Page.objects.get().path == "/search-2/"
    assert "another part of the site answers at /search/; the page is at /search-2/" in report
    assert reader_client.get("/search-2/").status_code == 200


def test_a_draft_page_is_kept_from_readers_and_a_second_import_changes_nothing(
    tmp_path, reader_client
):
    items = [page_item(5, "plans", status="draft"), page_item(6, "about")]
    import_pages(tmp_path, *items)
    assert reader_client.get("/plans/").status_code == 404
    assert "/plans/" not in reader_client.get("/about/").text
    before = set(Page.objects.values_list("pk", "path", "updated_at"))
    report = import_pages(tmp_path, *items)
    assert "Pages: 2 unchanged" in report
    assert set(Page.objects.values_list("pk", "path", "updated_at")) == before


def test_imported_pages_are_editable_in_the_admin(tmp_path, admin_client):
    import_pages(tmp_path, page_item(5, "about"))
    page = Page.objects.get()
    assert "About" in admin_client.get("/admin/pages/page/").text
    response = admin_client.post(
        f"/admin/pages/page/{page.pk}/change/",
        {
            "title": "About me",
            "path": "/about/",
            "body": "<p>New text</p>",
            "order": 0,
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.title, page.body) == ("About me", "<p>New text</p>")


def test_signed_out_visitors_sign_in_first_and_unknown_addresses_stay_404(tmp_path, client):
    import_pages(tmp_path, page_item(5, "about"))
    assert client.get("/about/")["Location"] == "/login/?next=/about/"
    assert client.get("/no-such-page/").status_code == 404


def test_an_overlong_page_address_is_shortened_not_a_database_error(tmp_path, reader_client):
    slug = "a" * 600
    report = import_pages(tmp_path, page_item(5, slug, title="Long"))
    page = Page.objects.get()
    assert len(page.path) <= 200
    assert reader_client.get(page.path).status_code == 200
    assert "Pages: 1 new published" in report


@pytest.mark.skipif(not (CORPORA / "wordpress-importer").is_dir(), reason=f"no data at {CORPORA}")
def test_wordpress_importer_small_export_has_four_published_pages_and_a_draft():
    path = CORPORA / "wordpress-importer" / "small-export.xml"
    run_import(path)
    assert sorted(Page.objects.values_list("is_published", flat=True)) == [False] + [True] * 4
    assert "Nothing changed" in run_import(path)


def test_an_address_without_its_slash_is_sent_to_the_page_or_is_not_found_at_once(
    tmp_path, reader_client
):
    import_pages(tmp_path, page_item(5, "about"))
    response = reader_client.get("/about")
    assert response.status_code == 301
    assert response["Location"] == "/about/"
    # An address that holds nothing is a 404 straight away, not a redirect to another 404.
    assert reader_client.get("/no-such-page").status_code == 404
    assert reader_client.get("/archives/501").status_code == 404
    # A draft page is not there for readers, with or without the slash.
    Page.objects.filter(path="/about/").update(is_published=False)
    assert reader_client.get("/about/").status_code == 404
    assert reader_client.get("/about").status_code == 404

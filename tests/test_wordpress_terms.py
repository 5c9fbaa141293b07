import pytest
from taggit.models import Tag

from posts.models import Post
from tests.helpers import wxr_document, wxr_item
from tests.test_wordpress_import import CORPORA, run_import
from wordpress.models import ImportedObject

pytestmark = pytest.mark.django_db

IMPORTER_DATA = CORPORA / "wordpress-importer"


def category(slug, name, *, parent="", term_id=None):
    term_id = f"<wp:term_id>{term_id}</wp:term_id>" if term_id else ""
    return (
        f"<wp:category>{term_id}<wp:category_nicename>{slug}</wp:category_nicename>"
        f"<wp:category_parent>{parent}</wp:category_parent>"
        f"<wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>"
    )


def on_item(domain, slug, name):
    nicename = f' nicename="{slug}"' if slug else ""
    domain = f' domain="{domain}"' if domain else ""
    return f"<category{domain}{nicename}><![CDATA[{name}]]></category>"


def import_items(tmp_path, *items, terms="", version="1.2"):
    path = tmp_path / "export.xml"
    path.write_text(wxr_document(*items, channel_extra=terms, version=version), encoding="utf-8")
    return run_import(path)


def tags_of(wp_id):
    post = Post.objects.get(pk=ImportedObject.objects.get(kind="post", wp_id=wp_id).object_id)
    return sorted(post.tags.values_list("slug", flat=True))


def test_wxr_1_0_tags_are_read_and_categories_without_a_domain_do_not_collapse(tmp_path):
    # WXR 1.0 writes each term twice: bare (no slug), then with its slug; tags as domain="tag".
    first = [
        on_item("", "", "Roads"),
        on_item("category", "roads", "Roads"),
        on_item("tag", "", "gritting"),
        on_item("tag", "gritting", "gritting"),
    ]
    second = [on_item("", "", "Libraries"), on_item("category", "libraries", "Libraries")]
    import_items(
        tmp_path,
        wxr_item(1, extra="".join(first)),
        wxr_item(2, extra="".join(second)),
        version="1.0",
    )
    assert tags_of(1) == ["gritting", "roads"]
    assert tags_of(2) == ["libraries"]


def test_a_bare_wxr_1_0_term_with_no_slugged_twin_is_kept_with_its_declared_slug(tmp_path):
    import_items(
        tmp_path,
        wxr_item(1, extra=on_item("", "", "Council news")),
        terms=category("news-from-the-council", "Council news"),
        version="1.0",
    )
    assert tags_of(1) == ["news-from-the-council"]


@pytest.mark.skipif(not IMPORTER_DATA.is_dir(), reason=f"no WordPress importer data at {CORPORA}")
def test_wordpress_importer_wxr_1_0_file_gives_the_terms_wordpress_expects():
    run_import(IMPORTER_DATA / "valid-wxr-1.0.xml")
    assert tags_of(4) == ["alpha", "news", "roar"]
    assert tags_of(6) == ["chicken", "child", "face"]


@pytest.mark.skipif(not IMPORTER_DATA.is_dir(), reason=f"no WordPress importer data at {CORPORA}")
def test_wordpress_importer_small_export_keeps_both_categories_named_foo():
    run_import(IMPORTER_DATA / "small-export.xml")
    top = Post.objects.get(title="Top-level Foo")
    child = Post.objects.get(title="Foo-child")
    assert list(top.tags.values_list("slug", "name")) == [("foo", "Foo")]
    assert list(child.tags.values_list("slug", "name")) == [("foo-bar", "Foo (foo-bar)")]
    many = Post.objects.get(title="Many Categories")
    assert many.tags.count() == 27


def test_terms_named_alike_with_different_slugs_never_merge(tmp_path, reader_client):
    report = import_items(
        tmp_path,
        wxr_item(1, extra=on_item("category", "news-2", "News"), post_name="first"),
        wxr_item(2, extra=on_item("post_tag", "news", "News"), post_name="second"),
        # Same slug and name in both taxonomies: one subject, one tag.
        wxr_item(3, extra=on_item("category", "news", "News"), post_name="third"),
    )
    assert tags_of(1) == ["news-2"]
    assert tags_of(2) == ["news"]
    assert tags_of(3) == ["news"]
    assert dict(Tag.objects.values_list("slug", "name")) == {
        "news": "News",
        "news-2": "News (news-2)",
    }
    assert "Posts Tagged ‘News (news-2)’" in reader_client.get("/tag/news-2/").text
    assert "category “News” (news-2): new (renamed: another tag has its name)" in report


def test_a_renamed_default_category_is_kept(tmp_path):
    renamed = on_item("category", "uncategorized", "General news")
    default = on_item("category", "uncategorized", "Uncategorized")
    report = import_items(
        tmp_path,
        wxr_item(1, extra=renamed),
        terms=category("uncategorized", "General news"),
    )
    assert tags_of(1) == ["uncategorized"]
    assert Tag.objects.get().name == "General news"
    assert "category “General news” (uncategorized): new → tag “General news”" in report
    Post.objects.all().delete()
    Tag.objects.all().delete()
    ImportedObject.objects.all().delete()
    report = import_items(tmp_path, wxr_item(1, extra=default))
    assert tags_of(1) == []
    assert "category “Uncategorized” (uncategorized): dropped: WordPress's default category" in (
        report
    )


def test_a_child_category_address_answers_301_to_its_tag(tmp_path, reader_client):
    terms = category("services", "Services", term_id=5) + category(
        "libraries", "Libraries", parent="services", term_id=6
    )
    import_items(
        tmp_path, wxr_item(1, extra=on_item("category", "libraries", "Libraries")), terms=terms
    )
    for old in ["/category/services/libraries/", "/category/services/libraries", "/?cat=6"]:
        response = reader_client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/tag/libraries/"), old
    assert reader_client.get("/category/libraries/")["Location"] == "/tag/libraries/"


def test_the_report_lists_every_category_and_tag_and_a_second_import_keeps_them(tmp_path):
    terms = (
        category("services", "Services")
        + category("uncategorized", "Uncategorized")
        + "<wp:tag><wp:tag_slug>thanks</wp:tag_slug><wp:tag_name>Thanks</wp:tag_name></wp:tag>"
    )
    item = wxr_item(
        1,
        extra=on_item("post_tag", "thanks", "Thanks")
        + on_item("category", "uncategorized", "Uncategorized"),
    )
    report = import_items(tmp_path, item, terms=terms)
    assert "Categories and tags (3):" in report
    assert "category “Services” (services): not kept: no imported post has it" in report
    assert "category “Uncategorized” (uncategorized): dropped: WordPress's default category" in (
        report
    )
    assert "tag “Thanks” (thanks): new → tag “Thanks” at /tag/thanks/" in report
    tags = set(Tag.objects.values_list("pk", "slug", "name"))

    report = import_items(tmp_path, item, terms=terms)

    assert set(Tag.objects.values_list("pk", "slug", "name")) == tags
    assert "tag “Thanks” (thanks): imported before → tag “Thanks” at /tag/thanks/" in report
    assert "Nothing changed" in report


def test_overlong_category_slugs_and_parents_import_without_a_database_error(tmp_path):
    parent, child = "p" * 300, "c" * 300
    terms = category(parent, "Parent") + category(child, "Child", parent=parent)
    report = import_items(
        tmp_path, wxr_item(1, extra=on_item("category", child, "Child")), terms=terms
    )
    assert Post.objects.get().tags.get().name == "Child"
    assert "Posts: 1 new published" in report

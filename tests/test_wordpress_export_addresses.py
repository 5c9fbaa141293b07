"""Export → import between two ceoblogs keeps every address the first one answered."""

import pytest
from django.contrib.auth import get_user_model

from pages.models import Page
from photos.models import Photo
from posts.models import Post
from tests.helpers import make_photo, make_user, wxr_document, wxr_item
from tests.test_wordpress_export import export, wipe_posts
from tests.test_wordpress_import import run_import
from wordpress.models import ImportedPerson
from wordpress.wxr import Author, Item, read_wxr

pytestmark = pytest.mark.django_db

TERMS = """<wp:category><wp:term_id>5</wp:term_id>
<wp:category_nicename>services</wp:category_nicename><wp:cat_name>Services</wp:cat_name></wp:category>
<wp:category><wp:term_id>6</wp:term_id><wp:category_nicename>libraries</wp:category_nicename>
<wp:category_parent>services</wp:category_parent><wp:cat_name>Libraries</wp:cat_name></wp:category>"""


def first_ceoblog(tmp_path):
    """Import a WordPress blog, as the first ceoblog did, and return its export."""
    items = [
        wxr_item(
            101,
            post_name="back-to-business",
            link="https://old.example/archives/101",
            extra='<category domain="category" nicename="libraries">Libraries</category>',
        ),
        wxr_item(
            7,
            post_type="page",
            post_name="about",
            title="About",
            link="https://old.example/?page_id=7",
        ),
    ]
    source = tmp_path / "wordpress.xml"
    source.write_text(wxr_document(*items, channel_extra=TERMS), encoding="utf-8")
    run_import(source)
    moved = tmp_path / "ceoblog.xml"
    export(moved)
    return moved


def second_ceoblog():
    """Empty the database, as a second ceoblog would start."""
    wipe_posts()
    Page.objects.all().delete()
    Photo.objects.all().delete()
    ImportedPerson.objects.all().delete()
    get_user_model().objects.all().delete()


def test_the_old_wordpress_addresses_survive_a_move_between_ceoblogs(tmp_path, reader_client):
    moved = first_ceoblog(tmp_path)
    second_ceoblog()
    reader = make_user("reader2")
    reader_client.force_login(reader)

    report = run_import(moved)

    post = Post.objects.get().get_absolute_url()
    for old, new in {
        "/?p=101": post,
        "/archives/101": post,
        "/category/services/libraries/": "/tag/libraries/",
        "/?cat=6": "/tag/libraries/",
        "/?page_id=7": "/about/",
    }.items():
        response = reader_client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert reader_client.get("/about/").status_code == 200
    assert "Old addresses: " in report
    # Imported again, the move changes nothing.
    assert "Nothing changed" in run_import(moved)


def test_attachments_name_their_uploader_who_is_among_the_authors(tmp_path):
    uploader = make_user("photodesk")
    photo = make_photo(uploaded_by=uploader)
    author = make_user("chief")
    Post.objects.create(
        title="With a photo",
        slug="with-a-photo",
        author=author,
        body="<p>Text</p>",
        featured_photo=photo,
        status=Post.Status.PUBLISHED,
        published_at=photo.uploaded_at,
    )
    moved = tmp_path / "ceoblog.xml"
    export(moved)
    records = list(read_wxr(moved))
    attachments = [r for r in records if isinstance(r, Item) and r.post_type == "attachment"]
    assert [attachment.creator for attachment in attachments] == ["photodesk"]
    logins = {r.login for r in records if isinstance(r, Author)}
    assert logins == {"photodesk", "chief"}

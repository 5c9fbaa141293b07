"""Export → import between two ceoblogs keeps every address the first one answered."""

import pytest
from django.contrib.auth import get_user_model

from documents.models import Document
from pages.models import Page
from photos.models import Photo
from posts.models import Post
from tests.documentfiles import pdf_bytes
from tests.helpers import make_photo, make_user, wxr_document, wxr_item
from tests.test_wordpress_export import export, wipe_posts
from tests.test_wordpress_import import run_import
from tests.test_wordpress_media import OLD_UPLOADS, attachment, save_image, write_export
from tests.test_wordpress_media import run_import as import_with_media
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


def test_photos_and_documents_keep_their_old_addresses_after_a_move_between_ceoblogs(
    tmp_path, reader_client, settings
):
    uploads = tmp_path / "uploads"
    save_image(uploads / "2013" / "05" / "bridge.jpg")
    (uploads / "2013" / "05" / "budget.pdf").write_bytes(pdf_bytes(2))
    body = (
        f'<p><img src="{OLD_UPLOADS}/2013/05/bridge.jpg" alt="The bridge"> Read '
        f'<a href="{OLD_UPLOADS}/2013/05/budget.pdf">the budget</a>.</p>'
    )
    source = write_export(
        tmp_path,
        attachment(50, "2013/05/bridge.jpg", alt="The bridge"),
        attachment(60, "2013/05/budget.pdf", title="Budget 2013"),
        wxr_item(101, content=body, link="https://old.example/archives/101"),
        wxr_item(
            7,
            post_type="page",
            post_name="about",
            title="About",
            link="https://old.example/?page_id=7",
        ),
    )
    import_with_media(source, uploads)
    moved = tmp_path / "ceoblog.xml"
    export(moved)
    second_ceoblog()
    Document.objects.all().delete()
    reader_client.force_login(make_user("reader2"))

    # The second ceoblog copies the files from the first one's media folder.
    report = import_with_media(moved, settings.MEDIA_ROOT)

    post, photo, document = Post.objects.get(), Photo.objects.get(), Document.objects.get()
    for old, new in {
        "/?p=101": post.get_absolute_url(),
        "/archives/101": post.get_absolute_url(),
        "/?page_id=7": "/about/",
        "/?attachment_id=50": photo.image.url,
        "/wp-content/uploads/2013/05/bridge.jpg": photo.image.url,
        "/wp-content/uploads/2013/05/bridge-300x200.jpg": photo.image.url,
        "/wp-content/uploads/2013/05/budget.pdf": document.file.url,
    }.items():
        response = reader_client.get(old)
        assert (response.status_code, response.get("Location")) == (301, new), old
    assert f'src="{photo.image.url}"' in post.body
    assert f'href="{document.file.url}"' in post.body
    assert "Media: 2 new" in report
    assert "Nothing changed" in import_with_media(moved, settings.MEDIA_ROOT)

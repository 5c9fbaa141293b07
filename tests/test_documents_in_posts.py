"""A document in a post: the link readers see, who may download it, and what the sanitiser keeps.

Like photos (tests/test_photos_who_may_see.py), a document is for every signed-in reader once a
published post links to it; before that, and for drafts and scheduled posts, readers get 404.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import Post
from posts.sanitize import sanitize_html
from tests.documentfiles import attachment_html as attachment
from tests.documentfiles import csv_bytes, make_document, pdf_bytes, upload
from tests.helpers import client_as, make_post, make_user, staff_user

pytestmark = pytest.mark.django_db


def test_the_editors_markup_for_a_document_is_kept_exactly():
    document = make_document()
    markup = attachment(document)
    assert markup.count("<img") == 1
    # Every link in a body gets the site's rel, this one too; nothing else changes.
    kept = markup.replace('.pdf">', '.pdf" rel="noopener noreferrer">', 1)
    assert sanitize_html(markup) == kept
    assert sanitize_html(kept) == kept


def test_the_sanitiser_keeps_nothing_more_than_the_editors_markup():
    given = (
        '<p class="attachment highlight" style="color:red" onclick="x()">'
        '<a href="/media/documents/a.pdf" onmouseover="x()" download="evil.exe">'
        '<img src="/media/documents/thumbnails/a.png" alt="" onerror="x()">Plan (PDF, 1 KB)</a></p>'
        '<p class="danger">Other</p><span class="attachment">Span</span>'
    )
    assert sanitize_html(given) == (
        '<p class="attachment"><a href="/media/documents/a.pdf" rel="noopener noreferrer">'
        '<img src="/media/documents/thumbnails/a.png" alt="">Plan (PDF, 1 KB)</a></p>'
        "<p>Other</p><span>Span</span>"
    )


def test_a_reader_sees_the_link_with_type_size_and_pages(reader_client):
    document = make_document("Budget 2026/27", content=None)
    post = make_post(body="<p>The budget is agreed.</p>" + attachment(document))

    page = reader_client.get(post.get_absolute_url())

    assert page.status_code == 200
    assert document.label in page.text
    assert f'href="{document.file.url}"' in page.text
    assert "(PDF, " in document.label
    assert document.label.endswith(", 3 pages)")


def test_a_published_posts_document_downloads_for_readers_with_its_type(reader_client):
    document = make_document()
    make_post(body=attachment(document))

    response = reader_client.get(document.file.url)
    picture = reader_client.get(document.thumbnail.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert (picture.status_code, picture["Content-Type"]) == (200, "image/png")


def test_a_spreadsheet_is_sent_with_its_own_type(reader_client):
    document = make_document("Spending", name="spending.csv", content=csv_bytes())
    make_post(body=attachment(document))
    assert reader_client.get(document.file.url)["Content-Type"] == "text/csv"


def test_signed_out_visitors_are_sent_to_sign_in(client):
    document = make_document()
    make_post(body=attachment(document))

    response = client.get(document.file.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("kind", ["draft", "scheduled", "library only"])
def test_a_document_no_published_post_links_to_is_not_found_by_readers(reader_client, kind):
    document = make_document()
    body = attachment(document)
    if kind == "draft":
        make_post(status=Post.Status.DRAFT, body=body)
    elif kind == "scheduled":
        make_post(published_at=timezone.now() + timedelta(days=1), body=body)

    assert reader_client.get(document.file.url).status_code == 404
    assert reader_client.get(document.thumbnail.url).status_code == 404
    staff = client_as(staff_user("checker", perms=["posts.view_post"]))
    assert staff.get(document.file.url).status_code == 200


def test_taking_the_link_out_of_the_post_closes_the_document_again(reader_client):
    document = make_document()
    post = make_post(body=attachment(document))
    assert list(document.posts.all()) == [post]

    post.body = "<p>No attachment any more.</p>"
    post.save()

    assert list(document.posts.all()) == []
    assert reader_client.get(document.file.url).status_code == 404


def test_a_document_in_a_draft_and_a_published_post_is_for_readers(reader_client):
    document = make_document()
    make_post(status=Post.Status.DRAFT, body=attachment(document))
    make_post(body=attachment(document))
    assert reader_client.get(document.file.url).status_code == 200


def test_the_document_librarys_staff_may_open_every_document():
    document = make_document()
    librarian = client_as(staff_user("librarian", perms=["documents.view_document"]))
    assert librarian.get(document.file.url).status_code == 200
    someone = client_as(staff_user("someone", perms=["comments.view_comment"]))
    assert someone.get(document.file.url).status_code == 404


def test_a_document_renamed_in_the_library_is_renamed_in_the_published_post(
    reader_client, settings
):
    settings.CEOBLOG_APPROVAL_REQUIRED = True
    document = make_document("Budget 2026/27 draft")
    post = make_post(body="<p>The budget is agreed.</p>" + attachment(document))
    assert "Budget 2026/27 draft (PDF" in reader_client.get(post.get_absolute_url()).text

    document.title = "Budget 2026/27 & fees"
    document.save()

    page = reader_client.get(post.get_absolute_url()).text
    assert "Budget 2026/27 &amp; fees (PDF, " in page
    assert "Budget 2026/27 draft" not in page
    # The first page's picture is kept, and the post stays published.
    post.refresh_from_db()
    assert f'src="{document.thumbnail.url}"' in post.body
    assert post.status == Post.Status.PUBLISHED


def test_a_documents_file_replaced_in_the_library_is_what_the_published_post_links(
    reader_client, settings
):
    settings.CEOBLOG_APPROVAL_REQUIRED = True
    document = make_document("Budget 2026/27")
    post = make_post(body="<p>The budget is agreed.</p>" + attachment(document))
    old_file, old_picture = document.file.url, document.thumbnail.url

    admin = client_as(make_user("librarian", is_staff=True, is_superuser=True))
    response = admin.post(
        reverse("admin:documents_document_change", args=[document.pk]),
        {"title": "Budget 2026/27", "file": upload("budget.pdf", pdf_bytes(5))},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.url != old_file

    page = reader_client.get(post.get_absolute_url()).text
    assert f'href="{document.file.url}"' in page
    assert f'src="{document.thumbnail.url}"' in page
    assert old_file not in page
    assert old_picture not in page
    assert "Budget 2026/27 (PDF, " in page
    assert ", 5 pages)" in page
    download = reader_client.get(document.file.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED

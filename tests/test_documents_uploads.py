"""The document library: what is accepted (by content, not name), what is refused and why, and
that a document that was accepted is never lost by a later step."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from documents.files import document_facts, human_size
from documents.models import Document
from tests.documentfiles import (
    csv_bytes,
    docm_bytes,
    docx_bomb,
    docx_bytes,
    elf_program,
    kind_of,
    odf_bytes,
    ole_bytes,
    pdf_bytes,
    pdf_with_attached_file,
    pdf_with_hidden_javascript,
    pdf_with_javascript,
    pptx_bytes,
    upload,
    xlsx_bytes,
)
from tests.helpers import client_as, staff_user

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("admin:documents_document_upload")
CHOOSER_URL = reverse("admin:documents_document_chooser")
WRITER = ["documents.add_document", "documents.view_document", "posts.add_post"]


@pytest.fixture
def uploader():
    return client_as(staff_user("uploader", perms=WRITER))


def send(client, name, content, **fields):
    return client.post(UPLOAD_URL, {"file": upload(name, content), **fields})


def test_a_pdf_uploaded_from_the_editor_joins_the_library_with_its_pages_and_first_page(uploader):
    response = send(uploader, "Budget_2026-27.pdf", pdf_bytes(12), title="Budget 2026/27")

    assert response.status_code == 201
    document = Document.objects.get()
    assert (document.kind, document.pages, document.title) == ("pdf", 12, "Budget 2026/27")
    assert document.uploaded_by.username == "uploader"
    assert document.original_name == "Budget_2026-27.pdf"
    described = response.json()
    assert re.fullmatch(r"Budget 2026/27 \(PDF, \d+ KB, 12 pages\)", described["label"])
    # Stored under a name nobody can guess, with the extension of what it is.
    assert re.fullmatch(r"/media/documents/\d{4}/\d\d/[\w-]{22}\.pdf", described["url"])
    thumbnail = described["thumbnail_url"]
    assert re.fullmatch(r"/media/documents/thumbnails/\d{4}/\d\d/[\w-]{22}\.png", thumbnail)
    assert (document.thumbnail_width, document.thumbnail_height) == (200, 283)
    assert uploader.get(described["thumbnail_url"])["Content-Type"] == "image/png"
    assert LogEntry.objects.get().object_repr == "Budget 2026/27"


def test_without_a_title_the_files_name_is_used(uploader):
    send(uploader, "staff_survey-results.pdf", pdf_bytes())
    assert Document.objects.get().title == "staff survey results"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("minutes.docx", docx_bytes(), "docx"),
        ("figures.xlsx", xlsx_bytes(), "xlsx"),
        ("slides.pptx", pptx_bytes(), "pptx"),
        ("minutes.odt", odf_bytes("text"), "odt"),
        ("figures.ods", odf_bytes("spreadsheet"), "ods"),
        ("slides.odp", odf_bytes("presentation"), "odp"),
        ("old-minutes.doc", ole_bytes("WordDocument"), "doc"),
        ("old-figures.xls", ole_bytes("Workbook"), "xls"),
        ("old-slides.ppt", ole_bytes("PowerPoint Document"), "ppt"),
        ("spending.csv", csv_bytes(), "csv"),
        # The content decides, whatever the name: a PDF called .docx is a PDF.
        ("not-really.docx", pdf_bytes(), "pdf"),
        ("spreadsheet.xlsx", docx_bytes(), "docx"),
    ],
)
def test_each_kind_is_known_by_its_content(name, content, kind):
    assert kind_of(name, content) == kind


def test_a_document_is_stored_under_the_extension_of_what_it_is(uploader):
    response = send(uploader, "minutes.pdf", docx_bytes(), title="Minutes")
    assert response.status_code == 201
    assert Document.objects.get().file.name.endswith(".docx")
    assert response.json()["label"].startswith("Minutes (Word, ")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("report.pdf", elf_program(), "This file is a program, not a document"),
        ("report.pdf", b"MZ\x90\x00\x03" + bytes(100), "This file is a program, not a document"),
        ("report.pdf", b"#!/bin/sh\nrm -rf /\n", "This file is a program, not a document"),
        ("budget.pdf", pdf_with_javascript(), "This PDF contains JavaScript"),
        ("budget.pdf", pdf_with_hidden_javascript(), "This PDF contains JavaScript"),
        ("budget.pdf", pdf_with_attached_file(), "This PDF contains attached files"),
        ("minutes.docx", docx_bomb(), "“archive bomb”"),
        ("minutes.docx", docm_bytes(), "This file contains macros"),
        ("old.doc", ole_bytes("_VBA_PROJECT"), "This file contains macros"),
        ("photos.docx", b"PK\x03\x04" + bytes(30), "damaged"),
        ("backup.docx", b"PK" + bytes(10), "not a type the library takes"),
        ("budget.pdf", b"%PDF-1.7\nnothing else", "This PDF is damaged"),
        ("page.csv", b"<html><body>Hello</body></html>", "not a type the library takes"),
        ("empty.pdf", b"", "The submitted file is empty."),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_is_kept(uploader, name, content, words):
    response = send(uploader, name, content, title="A title someone typed")

    assert response.status_code == 400
    assert response.json()["message"].startswith("The document was not added. ")
    assert words in response.json()["message"]
    assert not Document.objects.exists()


def test_the_zip_is_measured_before_anything_in_it_is_read(monkeypatch, uploader):
    import zipfile

    bomb = docx_bomb()
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *args, **kwargs: opened.append(args))
    response = send(uploader, "minutes.docx", bomb)
    assert response.status_code == 400
    assert "40.0 MB" in response.json()["message"]
    assert opened == []


def test_a_file_over_the_size_limit_is_refused_in_plain_words(settings, uploader):
    settings.CEOBLOG_DOCUMENT_MAX_MB = 1
    response = send(uploader, "spending.csv", csv_bytes(60_000))

    assert response.status_code == 400
    message = response.json()["message"]
    assert re.search(r"This file is \d\.\d MB; the largest accepted is 1 MB\.", message)
    assert not Document.objects.exists()


def test_a_document_whose_first_page_cannot_be_drawn_is_kept_without_a_picture(
    monkeypatch, uploader
):
    def fail(content):
        raise RuntimeError("PDFium could not draw the page")

    monkeypatch.setattr("documents.thumbnails.pdf_first_page_png", fail)
    response = send(uploader, "budget.pdf", pdf_bytes(2), title="Budget")

    assert response.status_code == 201
    document = Document.objects.get()
    assert (document.pages, document.thumbnail.name) == (2, "")
    assert response.json()["thumbnail_url"] == ""
    assert uploader.get(response.json()["url"]).status_code == 200


def test_someone_who_may_not_add_documents_is_told_so():
    client = client_as(staff_user("looker", perms=["documents.view_document"]))
    response = send(client, "budget.pdf", pdf_bytes())
    assert response.status_code == 403
    assert "cannot add documents" in response.json()["message"]


def test_the_chooser_lists_and_searches_the_library(uploader):
    send(uploader, "a.pdf", pdf_bytes(), title="Budget 2026/27")
    send(uploader, "b.csv", csv_bytes(), title="Spending over £500")

    everything = uploader.get(CHOOSER_URL).json()
    found = uploader.get(CHOOSER_URL, {"q": "spending"}).json()

    assert [d["title"] for d in everything["documents"]] == ["Spending over £500", "Budget 2026/27"]
    assert [d["label"] for d in found["documents"]] == ["Spending over £500 (CSV, 96 bytes)"]


def test_the_admin_adds_a_document_and_shows_its_facts(client):
    perms = ["documents.add_document", "documents.change_document", "documents.view_document"]
    admin_user = staff_user("librarian", perms=perms)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:documents_document_add"),
        {"title": "Budget 2026/27", "file": upload("budget.pdf", pdf_bytes(3))},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.uploaded_by == admin_user
    assert document.thumbnail
    page = client.get(reverse("admin:documents_document_change", args=[document.pk]))
    assert "PDF, " in page.text
    assert "3 pages" in page.text


def test_the_admin_refuses_a_program_with_the_same_message(client):
    client.force_login(staff_user("librarian", perms=["documents.add_document"]))
    response = client.post(
        reverse("admin:documents_document_add"),
        {"title": "Report", "file": upload("report.pdf", elf_program())},
    )
    assert response.status_code == 200
    assert "This file is a program, not a document" in response.text
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("size", "pages", "words"),
    [
        (812, None, "812 bytes"),
        (46_000, 1, "45 KB, 1 page"),
        (2_400_000, 12, "2.3 MB, 12 pages"),
    ],
)
def test_sizes_and_pages_read_as_gov_uk_writes_them(size, pages, words):
    assert document_facts("pdf", size, pages) == f"PDF, {words}"
    assert human_size(1) == "1 byte"


def test_long_names_fit_their_columns(uploader):
    name = "x" * 300 + ".pdf"
    response = send(uploader, name, pdf_bytes(), title="t" * 200)
    assert response.status_code == 201
    document = Document.objects.get()
    assert len(document.original_name) == 255
    too_long = send(uploader, "b.pdf", pdf_bytes(), title="t" * 201)
    assert too_long.status_code == 400
    assert "title" in too_long.json()["errors"]

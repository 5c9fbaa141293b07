"""Documents made in code for the tests: sound ones of each kind, and the ones to refuse."""

import io
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from documents.files import document_check
from documents.forms import DocumentForm
from documents.thumbnails import document_thumbnail_make

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
POWERPOINT = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
WORD_MACROS = "application/vnd.ms-word.document.macroEnabled.main+xml"


def pdf_bytes(pages=1, *, words="Budget 2026/27"):
    """A real PDF of the given number of A4 pages, each with words on it (Pillow writes it)."""
    sheets = []
    for number in range(1, pages + 1):
        sheet = Image.new("RGB", (595, 842), "white")
        draw = ImageDraw.Draw(sheet)
        draw.rectangle((40, 40, 555, 140), fill=(0, 48, 120))
        draw.text((60, 180), f"{words}, page {number}", fill="black")
        sheets.append(sheet)
    output = io.BytesIO()
    sheets[0].save(output, format="PDF", save_all=True, append_images=sheets[1:], resolution=72)
    return output.getvalue()


def handmade_pdf(*objects):
    """A PDF from object bodies (bytes, numbered from 1), with a correct cross-reference table."""
    output = io.BytesIO()
    output.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    output.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return output.getvalue()


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def pdf_with_javascript():
    """A one-page PDF that runs a script when opened."""
    return handmade_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        PAGES,
        PAGE,
        b"<< /S /JavaScript /JS (app.alert\\('Hello'\\);) >>",
    )


def pdf_with_hidden_javascript():
    """The same script, its names spelt with #xx escapes, inside a compressed object stream."""
    hidden = b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\);) >>"
    packed = zlib.compress(b"4 0 " + hidden)
    return handmade_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        PAGES,
        PAGE,
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream",
    )


def pdf_with_attached_file():
    """A one-page PDF carrying another file (a program, say) inside it."""
    program = b"MZ\x90\x00 not really a program"
    return handmade_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
        PAGES,
        PAGE,
        b"<< /Names [(setup.exe) 5 0 R] >>",
        b"<< /Type /Filespec /F (setup.exe) /EF << /F 6 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(program) + program + b"\nendstream",
    )


def elf_program():
    """The start of a Linux program, as a file renamed "report.pdf" would hold it."""
    return b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"%PDF-1.7 pretending" + bytes(200)


def zipped(parts, *, first=None):
    """A zip of {name: bytes}; first, if given, is stored first and uncompressed (ODF's rule)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1], zipfile.ZIP_STORED)
        for name, content in parts.items():
            archive.writestr(name, content)
    return output.getvalue()


def content_types(main_type):
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/main.xml" ContentType="{main_type}"/></Types>'
    ).encode()


def docx_bytes(main_type=WORD, *, body=b"<w:document/>"):
    return zipped({"[Content_Types].xml": content_types(main_type), "word/document.xml": body})


def xlsx_bytes():
    return zipped({"[Content_Types].xml": content_types(EXCEL), "xl/workbook.xml": b"<x/>"})


def pptx_bytes():
    return zipped(
        {"[Content_Types].xml": content_types(POWERPOINT), "ppt/presentation.xml": b"<p/>"}
    )


def odf_bytes(kind="text"):
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return zipped({"content.xml": b"<office:document-content/>"}, first=("mimetype", mimetype))


def docx_bomb():
    """A "Word file" of 40 kB whose document.xml says it unpacks to 40 MB of nothing."""
    return docx_bytes(body=b"<w:t>" + bytes(40 * 1024 * 1024) + b"</w:t>")


def docm_bytes():
    """A Word file with macros: its type says so and it holds vbaProject.bin."""
    return zipped(
        {
            "[Content_Types].xml": content_types(WORD_MACROS),
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro code",
        }
    )


def ole_bytes(stream_name):
    """The start of an Office 97-2003 file: the compound file's magic, then a directory entry."""
    magic = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    entry = (stream_name.encode("utf-16-le") + b"\x00\x00").ljust(64, b"\x00")
    return magic + bytes(504) + entry + bytes(448)


def csv_bytes(rows=3):
    lines = ["Service,Budget 2025/26,Budget 2026/27"]
    lines += [f"Service {number},{number * 1000},{number * 1100}" for number in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def make_document(title="Budget 2026/27", name="budget.pdf", content=None, **fields):
    """Add a document to the library as the admin form would, with its first-page picture."""
    form = DocumentForm(
        {"title": title}, {"file": upload(name, content if content is not None else pdf_bytes(3))}
    )
    assert form.is_valid(), form.errors
    document = form.save(commit=False)
    for field, value in fields.items():
        setattr(document, field, value)
    document.save()
    document_thumbnail_make(document)
    return document


def kind_of(name, content):
    return document_check(upload(name, content)).kind


def attachment_html(document):
    """The markup the editor makes for a document (documents/static/documents/)."""
    picture = ""
    if document.thumbnail:
        picture = (
            f'<img src="{document.thumbnail.url}" alt="" width="{document.thumbnail_width // 2}" '
            f'height="{document.thumbnail_height // 2}">'
        )
    return f'<p class="attachment"><a href="{document.file.url}">{picture}{document.label}</a></p>'

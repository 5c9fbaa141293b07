"""What an uploaded document is, from its content; refusing what must not be offered to staff.

The name a file arrives with says nothing: a program renamed "budget.pdf" is still a program. So
the first bytes decide (a PDF starts "%PDF-"; Word, Excel and PowerPoint's own formats since 2007
and OpenDocument are zip files, told apart by what the zip holds; older Office files are OLE
compound files, told apart by their streams' names; a CSV is plain text in rows). A zip is
measured from its directory before anything in it is read, so an "archive bomb" (a few kilobytes
that unpack to gigabytes) is refused without being unpacked.
"""

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

import pypdfium2
from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Kind:
    name: str  # what readers see in the link: "PDF", "Word"
    extension: str
    mime_type: str


KINDS = {
    "pdf": Kind("PDF", "pdf", "application/pdf"),
    "docx": Kind(
        "Word",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": Kind(
        "Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "pptx": Kind(
        "PowerPoint",
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "doc": Kind("Word", "doc", "application/msword"),
    "xls": Kind("Excel", "xls", "application/vnd.ms-excel"),
    "ppt": Kind("PowerPoint", "ppt", "application/vnd.ms-powerpoint"),
    "odt": Kind("OpenDocument text", "odt", "application/vnd.oasis.opendocument.text"),
    "ods": Kind(
        "OpenDocument spreadsheet", "ods", "application/vnd.oasis.opendocument.spreadsheet"
    ),
    "odp": Kind(
        "OpenDocument presentation", "odp", "application/vnd.oasis.opendocument.presentation"
    ),
    "csv": Kind("CSV", "csv", "text/csv"),
}
ACCEPTED_NAMES = "a PDF, Word, Excel, PowerPoint, OpenDocument or CSV file"
# What the file chooser offers (a hint only: the content decides).
ACCEPT = ",".join(f".{extension}" for extension in KINDS)

# A zip is refused, unread, when its directory says it would unpack to more than this, or when
# one member of more than a megabyte would grow more than MAX_RATIO times: real Office files
# compress text about 10 times, a bomb thousands of times.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 10_000
# The most read of any one part of a zip ([Content_Types].xml, mimetype) to tell its kind.
MAX_PART_BYTES = 1024 * 1024
# How much of a PDF's compressed streams is unpacked to look for scripts, in all.
MAX_INFLATED_BYTES = 64 * 1024 * 1024

OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
# Their templates and macro-enabled siblings, refused with a message saying so.
OOXML_MACRO_TYPES = re.compile(rb"application/vnd\.ms-[a-z]+\.[a-z.]*macroenabled", re.I)
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The streams that make an OLE compound file a Word, Excel or PowerPoint file, as they appear
# in its directory (UTF-16 names).
OLE_STREAMS = {
    "doc": ["WordDocument"],
    "xls": ["Workbook", "Book"],
    "ppt": ["PowerPoint Document"],
}
OLE_MACROS = ["_VBA_PROJECT", "Macros"]

# Programs, whatever they are called: Linux (ELF), Windows (MZ), macOS (Mach-O), Java classes,
# and scripts ("#!").
PROGRAM_MAGIC = (
    b"\x7fELF",
    b"MZ",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
# PDF names that run something or carry other files (a "#xx" in a name is that byte: undone
# before looking).
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9])")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n")


@dataclass(frozen=True)
class Checked:
    kind: str
    pages: int | None = None


def document_max_bytes():
    return settings.CEOBLOG_DOCUMENT_MAX_MB * 1024 * 1024


def human_size(size):
    """Return a size as GOV.UK writes it: “812 bytes”, “45 KB”, “2.3 MB”."""
    if size < 1024:
        return f"{size} byte" + ("" if size == 1 else "s")
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def document_facts(kind, size, pages=None):
    """Return what the link says after the title: “PDF, 2.3 MB, 12 pages”."""
    facts = [KINDS[kind].name if kind in KINDS else "File", human_size(size)]
    if pages:
        facts.append(f"{pages} page" + ("" if pages == 1 else "s"))
    return ", ".join(facts)


def refuse(message, code):
    raise ValidationError(message, code=code)


def document_check(upload):
    """Return what the upload is (its kind, and a PDF's pages), or refuse it with a message."""
    limit = document_max_bytes()
    if upload.size > limit:
        refuse(
            f"This file is {human_size(upload.size)}; the largest accepted is "
            f"{settings.CEOBLOG_DOCUMENT_MAX_MB} MB. Make it smaller (for a PDF, save it again "
            "with smaller pictures) or split it, and try again.",
            "too_big",
        )
    if not upload.size:
        refuse("This file is empty. Check it on your computer and upload it again.", "empty")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if head.startswith(PROGRAM_MAGIC):
        refuse(
            "This file is a program, not a document, whatever its name says, so it was not "
            f"added. Upload {ACCEPTED_NAMES}.",
            "program",
        )
    if b"%PDF-" in head[:1024]:
        return _pdf(upload)
    if head.startswith(b"PK\x03\x04"):
        return Checked(_zipped(upload))
    if head.startswith(OLE_MAGIC):
        return Checked(_ole(upload))
    if _is_csv(upload):
        return Checked("csv")
    refuse(f"This file is not a type the library takes. Upload {ACCEPTED_NAMES}.", "type")


# --- PDF ------------------------------------------------------------------------------------


def _pdf(upload):
    content = upload.read()
    upload.seek(0)
    active = _pdf_active_parts(content)
    if active:
        _refuse_active(active)
    try:
        pdf = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            refuse(
                "This PDF is protected with a password, so readers could not open it. Save a "
                "copy without the password and upload that.",
                "pdf_password",
            )
        refuse(
            "This PDF is damaged and cannot be read. Open it on your computer to check it, "
            "then save it again and upload that copy.",
            "pdf_damaged",
        )
    try:
        # PDFium's own count of document scripts and attached files: a second look after the
        # scan above.
        if pypdfium2.raw.FPDFDoc_GetJavaScriptActionCount(pdf.raw) > 0:
            _refuse_active({"JavaScript"})
        if pdf.count_attachments():
            _refuse_active({"attached files"})
        pages = len(pdf)
    finally:
        pdf.close()
    if not pages:
        refuse("This PDF has no pages. Check it on your computer and upload it again.", "pdf_empty")
    return Checked("pdf", pages)


def _refuse_active(active):
    refuse(
        "This PDF contains "
        + " and ".join(sorted(active))
        + ", which could run on a reader's computer, so it was not added. Save it again as "
        "an ordinary PDF (for example “Print to PDF”, or “Save as PDF” in Word) and upload "
        "that copy.",
        "pdf_active",
    )


def _pdf_active_parts(content):
    """Return the words for what in the PDF could run or carry files ("JavaScript"...)."""
    found = set()
    budget = MAX_INFLATED_BYTES
    parts = [content]
    view = memoryview(content)
    # Objects may sit in compressed streams, where their names cannot be read as they are.
    for match in PDF_STREAM.finditer(content):
        if budget <= 0:
            break
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(view[match.end() :], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        parts.append(inflated)
    for part in parts:
        plain = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), part)
        for name in PDF_ACTIVE.findall(plain):
            found.add(
                {
                    b"JavaScript": "JavaScript",
                    b"JS": "JavaScript",
                    b"Launch": "an action that opens programs",
                    b"RichMedia": "embedded media",
                    b"XFA": "an interactive (XFA) form",
                }.get(name, "attached files")
            )
    return found


# --- Zip-based: Office 2007 onwards, OpenDocument -----------------------------------------------


def _zipped(upload):
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        refuse(
            "This file looks like an Office or OpenDocument file but is damaged. Open it on "
            "your computer, save it again and upload that copy.",
            "damaged",
        )
    with archive:
        members = archive.infolist()
        _refuse_bombs(members)
        names = {member.filename for member in members}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            _refuse_macros()
        if "[Content_Types].xml" in names:
            types = _part(archive, "[Content_Types].xml")
            if OOXML_MACRO_TYPES.search(types):
                _refuse_macros()
            for main_type, kind in OOXML_MAIN_TYPES.items():
                if f'ContentType="{main_type}"'.encode() in types:
                    return kind
        if members and members[0].filename == "mimetype":
            kind = ODF_TYPES.get(_part(archive, "mimetype").strip())
            if kind:
                return kind
    refuse(f"This is a zip file, not a document. Upload {ACCEPTED_NAMES}.", "type")


def _refuse_bombs(members):
    unpacked = sum(member.file_size for member in members)
    swollen = [
        member
        for member in members
        if member.file_size > 1024 * 1024
        and member.file_size > MAX_RATIO * max(member.compress_size, 1)
    ]
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES or swollen:
        refuse(
            "This file would unpack to far more than any real document "
            f"({human_size(unpacked)} from {human_size(sum(m.compress_size for m in members))}), "
            "so it was not opened: it could be an “archive bomb” meant to exhaust the server. "
            "If it is a real document, save it again from Word, Excel or PowerPoint.",
            "bomb",
        )


def _part(archive, name):
    try:
        with archive.open(name) as part:
            return part.read(MAX_PART_BYTES)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        refuse(
            "This file looks like an Office or OpenDocument file but is damaged. Open it on "
            "your computer, save it again and upload that copy.",
            "damaged",
        )


def _refuse_macros():
    refuse(
        "This file contains macros (programs that run when it is opened), so it was not "
        "added. Save it again as an ordinary Word, Excel or PowerPoint file (.docx, .xlsx, "
        ".pptx) and upload that copy.",
        "macros",
    )


# --- Office 97-2003 ---------------------------------------------------------------------------


def _ole(upload):
    content = upload.read()
    upload.seek(0)

    def has(name):
        return name.encode("utf-16-le") + b"\x00\x00" in content

    if any(has(name) for name in OLE_MACROS):
        _refuse_macros()
    for kind, streams in OLE_STREAMS.items():
        if any(has(name) for name in streams):
            return kind
    refuse(
        "This is an older Office-style file, but not a Word, Excel or PowerPoint one. "
        f"Upload {ACCEPTED_NAMES}.",
        "type",
    )


# --- CSV ----------------------------------------------------------------------------------------


def _is_csv(upload):
    """Whether the file is text in rows of comma- (or semicolon-, tab-) separated values."""
    sample = upload.read(256 * 1024)
    upload.seek(0)
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = sample.decode(encoding)
            break
        except UnicodeDecodeError as error:
            # The sample may end in the middle of a character.
            if error.start >= len(sample) - 4 and len(sample) == 256 * 1024:
                text = sample[: error.start].decode(encoding)
                break
    else:
        return False
    lines = text.splitlines()
    if len(sample) == 256 * 1024:
        lines = lines[:-1]
    lines = [line for line in lines if line.strip()]
    if not lines or lines[0].lstrip().startswith("<"):
        return False
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:50]), delimiters=",;\t")
    except csv.Error:
        return False
    rows = list(csv.reader(io.StringIO("\n".join(lines[:200])), dialect))
    widths = {len(row) for row in rows}
    return min(widths) > 1 and len(widths) <= 2

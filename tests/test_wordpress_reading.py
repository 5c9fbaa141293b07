"""How an export is read: lenient repairs by default, --strict refusals, and hostile XML."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError

from posts.models import Post
from tests.helpers import wxr_document, wxr_item
from tests.test_wordpress_import import CORPORA, run_import
from wordpress.wxr import Item, WXRError, read_wxr

pytestmark = pytest.mark.django_db

IMPORTER_FILES = CORPORA / "wordpress-importer"
needs_importer_files = pytest.mark.skipif(
    not IMPORTER_FILES.is_dir(),
    reason=f"WordPress's importer test exports are not at {IMPORTER_FILES}",
)


def write(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def read(path, *, strict=False):
    """Return the records and the repairs, as (line, kind, detail)."""
    repairs = []
    records = list(read_wxr(path, strict=strict, on_repair=lambda *r: repairs.append(r)))
    return records, repairs


def line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


# --- Lenient reading: what WordPress's importer tolerates is repaired and reported ------------


def test_a_control_character_is_removed_and_reported_with_its_line(tmp_path):
    # Word pastes leave such characters; WordPress's exporter keeps them; XML forbids them.
    text = wxr_document(wxr_item(1, title="Budget\x08 update", content="Text\x0b here."))
    export = write(tmp_path, text)
    report = run_import(export)
    post = Post.objects.get()
    assert (post.title, post.body) == ("Budget update", "<p>Text here.</p>\n")
    title_line, content_line = line_of(text, "Budget"), line_of(text, "Text\x0b")
    assert "Repaired in the export (2; --strict refuses such a file instead):" in report
    assert (
        f"  2 × control character removed: line {title_line} (U+0008); "
        f"line {content_line} (U+000B)" in report
    )


def test_strict_refuses_a_control_character_with_its_line(tmp_path):
    text = wxr_document(wxr_item(1, title="Budget\x08 update"))
    with pytest.raises(CommandError) as error:
        run_import(write(tmp_path, text), "--strict")
    assert (
        f"not well-formed XML: PCDATA invalid Char value 8 at line {line_of(text, 'Budget')}"
        in (str(error.value))
    )
    assert str(error.value).endswith("Nothing was imported.")
    assert Post.objects.count() == 0


ATOM_LINK = '<atom:link href="https://old.example/feed/" rel="self" type="application/rss+xml"/>'


def test_an_undeclared_prefix_written_by_a_plugin_is_read_and_reported(tmp_path):
    # A real WordPress.com export has <atom:link> in its channel with no xmlns:atom.
    text = wxr_document(wxr_item(1), channel_extra=ATOM_LINK)
    report = run_import(write(tmp_path, text))
    assert Post.objects.count() == 1
    assert (
        "  1 × undeclared namespace prefix read as part of the name: "
        f"line {line_of(text, '<atom:link')} (atom:)" in report
    )


def test_strict_refuses_an_undeclared_prefix(tmp_path):
    text = wxr_document(wxr_item(1), channel_extra=ATOM_LINK)
    with pytest.raises(CommandError, match="Namespace prefix atom on link is not defined"):
        run_import(write(tmp_path, text), "--strict")
    assert Post.objects.count() == 0


def test_a_bare_ampersand_and_an_html_entity_in_a_title_keep_their_text(tmp_path):
    text = wxr_document(wxr_item(1, title="Fish & chips&nbsp;Friday"))
    report = run_import(write(tmp_path, text))
    assert Post.objects.get().title == "Fish & chips Friday"
    line = line_of(text, "Fish &")
    assert f"1 × bare “&” kept as text: line {line}" in report
    assert f"1 × entity XML does not define kept as text: line {line} (&nbsp;)" in report


def test_a_stray_less_than_sign_in_a_title_is_kept_as_text(tmp_path):
    run_import(write(tmp_path, wxr_document(wxr_item(1, title="Spend < income"))))
    assert Post.objects.get().title == "Spend < income"


def test_strict_refuses_a_bare_ampersand(tmp_path):
    with pytest.raises(CommandError, match="not well-formed XML: xmlParseEntityRef: no name"):
        run_import(write(tmp_path, wxr_document(wxr_item(1, title="Fish & chips"))), "--strict")


def test_an_unescaped_cdata_end_in_content_is_kept_as_text(tmp_path):
    text = wxr_document(wxr_item(1, content="Code: a[b[0]]> c and more"))
    report = run_import(write(tmp_path, text))
    assert "a[b[0]]&gt; c and more" in Post.objects.get().body
    assert f"“]]>” inside a CDATA section kept as text: line {line_of(text, 'Code:')}" in report


@needs_importer_files
def test_crazy_cdata_reads_as_wordpress_lenient_parser_reads_it():
    # WordPress's parser tests: its regex parser (the fallback for files that are not XML)
    # reads this file's unescaped "]]>" as text; its XML parsers refuse it.
    path = IMPORTER_FILES / "crazy-cdata.xml"
    records, repairs = read(path)
    [item] = [record for record in records if isinstance(record, Item)]
    assert item.content == "Content with nested <![CDATA[ tags ]]> :)"
    assert item.meta == {
        "Plain string": "Foo",
        "Closing CDATA": "]]>",
        "Alot of CDATA": "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>",
    }
    assert [(line, kind) for line, kind, _ in repairs] == [
        (18, "“]]>” inside a CDATA section kept as text"),
        (38, "“]]>” inside a CDATA section kept as text"),
        (42, "“]]>” inside a CDATA section kept as text"),
        (42, "“]]>” inside a CDATA section kept as text"),
    ]
    with pytest.raises(WXRError, match=r"Sequence '\]\]>' not allowed in content at line 18"):
        read(path, strict=True)


@needs_importer_files
def test_escaped_cdata_reads_the_same_in_both_modes_with_no_repair():
    # WordPress's test: every one of its parsers reads the escaped form the same way.
    path = IMPORTER_FILES / "crazy-cdata-escaped.xml"
    lenient, repairs = read(path)
    strict, _ = read(path, strict=True)
    assert lenient == strict
    assert repairs == []
    assert lenient[-1].meta["Closing CDATA"] == "]]>"


@needs_importer_files
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        # WordPress's XML parsers report an error; its lenient fallback then finds no valid
        # version (the file says "abc"), so WordPress refuses it too.
        ("malformed.xml", "Opening and ending tag mismatch: notachanneltag line 27 and channel"),
        # Cut off inside its only item: refused rather than half read.
        ("malformed-simple.xml", r"it looks truncated \(line 14\)"),
        # WordPress: "missing/invalid WXR version number", from every parser.
        ("missing-version-tag.xml", "it has no wp:wxr_version"),
        ("invalid-version-tag.xml", "WXR version abc is not supported"),
    ],
)
def test_wordpress_refused_files_are_refused_in_both_modes(name, reason, strict):
    with pytest.raises(WXRError, match=reason):
        read(IMPORTER_FILES / name, strict=strict)


@needs_importer_files
def test_a_file_strict_reading_accepts_is_read_the_same_leniently_with_no_repair():
    # Lenient reading changes nothing in a well-formed file: it never guesses.
    readable = 0
    for path in sorted(CORPORA.rglob("*.xml")):
        try:
            strict, _ = read(path, strict=True)
        except WXRError:
            continue
        lenient, repairs = read(path)
        assert (lenient, repairs) == (strict, []), path.name
        readable += 1
    assert readable >= 30


def test_a_misspelt_end_tag_ends_its_element_and_is_reported(tmp_path):
    text = wxr_document(wxr_item(1, title="Fine", status="publish")).replace(
        "</title>", "</titel>", 2
    )
    text = text.replace("</wp:status>", "</wp:stat>")
    export = write(tmp_path, text)
    report = run_import(export)
    post = Post.objects.get()
    assert (post.title, post.status, post.body) == ("Fine", "published", "<p>Text of post 1.</p>\n")
    first, second = (line_of(text, "</titel>"), line_of(text, "Fine</titel>"))
    assert (
        "  3 × misnamed end tag read as the end of the element it closes: "
        f"line {first} (</titel> for <title>); line {second} (</titel> for <title>); "
        f"line {line_of(text, '</wp:stat>')} (</stat> for <status>)" in report
    )
    with pytest.raises(CommandError, match="not well-formed XML: Opening and ending tag mismatch"):
        run_import(export, "--strict")


@pytest.mark.parametrize(
    "broken",
    [
        # Left open: the end tag that comes would take the rest of the item into the title.
        ("<title>WordPress post 2</title>", "<title>WordPress post 2"),
        # Closed twice: the item would end early, and the next one land inside the channel's end.
        ("</wp:status>", "</wp:status></wp:post_type>"),
    ],
    ids=["unclosed", "stray-end"],
)
def test_an_element_left_open_or_closed_twice_is_refused_even_leniently(tmp_path, broken):
    text = wxr_document(wxr_item(1), wxr_item(2), wxr_item(3)).replace(*broken, 1)
    with pytest.raises(CommandError, match="not well-formed XML, even read leniently|truncated"):
        run_import(write(tmp_path, text))
    assert Post.objects.count() == 0


def test_bytes_that_are_not_utf8_become_the_replacement_character_and_are_reported(tmp_path):
    # A word pasted from a page in Latin-1 ("Café" as 43 61 66 E9); the rest is read as written.
    text = wxr_document(wxr_item(1, title="Caf\x00 opening", content="Caf\x00 \x01 and more."))
    raw = text.encode("utf-8").replace(b"\x00", b"\xe9").replace(b"\x01", b"\xff\xfe")
    export = tmp_path / "export.xml"
    export.write_bytes(raw)
    report = run_import(export)
    post = Post.objects.get()
    assert (post.title, post.body) == ("Caf\ufffd opening", "<p>Caf\ufffd \ufffd and more.</p>\n")
    title_line, content_line = line_of(text, "Caf\x00 opening"), line_of(text, "Caf\x00 \x01")
    assert (
        f"  3 × invalid UTF-8 replaced by U+FFFD: line {title_line} (0xE9); "
        f"line {content_line} (0xE9); line {content_line} (0xFF 0xFE)" in report
    )
    with pytest.raises(CommandError, match="not well-formed XML: Invalid bytes in character enc"):
        run_import(export, "--strict")


def test_a_utf8_character_cut_by_the_reading_is_not_taken_for_a_fault(tmp_path):
    # The file is read 64 KB at a time: a character may start in one piece and end in the next.
    items = [wxr_item(number, content="Café é " * 3000) for number in range(1, 20)]
    text = wxr_document(*items, wxr_item(20, title="Last\x00 one"))
    export = tmp_path / "export.xml"
    export.write_bytes(text.encode("utf-8").replace(b"\x00", b"\x80"))
    records, repairs = read(export)
    assert repairs == [(line_of(text, "Last\x00"), "invalid UTF-8 replaced by U+FFFD", "0x80")]
    posts = [record for record in records if isinstance(record, Item)]
    assert all(post.content == "Café é " * 3000 for post in posts[:19])


def test_a_repair_inside_a_long_export_names_the_right_line(tmp_path):
    # Lines are counted across the chunks the file is read in.
    items = [wxr_item(number, content="Words. " * 2000) for number in range(1, 40)]
    items.append(wxr_item(40, title="Last\x01 one"))
    text = wxr_document(*items)
    _, repairs = read(write(tmp_path, text))
    assert repairs == [(line_of(text, "Last\x01"), "control character removed", "U+0001")]


# --- Hostile XML: never read a file, never expand without end, never a traceback -------------

XXE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{path}">]>
""" + wxr_document(wxr_item(1, title="&secret;")).split("\n", 1)[1]

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1 or "") + ";") * 10}">\n' for n in range(1, 10)
    )
    + "]>\n"
    + wxr_document(wxr_item(1, title="&lol9;")).split("\n", 1)[1]
)


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_an_external_entity_is_never_read(tmp_path, strict):
    secret = tmp_path / "secret.txt"
    secret.write_text("the payroll password", encoding="utf-8")
    export = write(tmp_path, XXE.format(path=secret))
    with pytest.raises(CommandError) as error:
        run_import(export, *(["--strict"] if strict else []))
    assert "declares XML entities or an outside DTD (line 2)" in str(error.value)
    assert "payroll" not in str(error.value)
    assert Post.objects.count() == 0


def test_an_outside_dtd_is_refused(tmp_path):
    text = wxr_document(wxr_item(1)).replace(
        "?>\n", '?>\n<!DOCTYPE rss SYSTEM "http://attacker.example/evil.dtd">\n', 1
    )
    with pytest.raises(CommandError, match="an outside DTD"):
        run_import(write(tmp_path, text))


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_billion_laughs_is_refused_at_once(tmp_path, strict):
    with pytest.raises(WXRError, match=r"declares XML entities or an outside DTD \(line 2\)"):
        read(write(tmp_path, BILLION_LAUGHS), strict=strict)


def test_a_plain_doctype_is_harmless_and_read(tmp_path):
    text = wxr_document(wxr_item(1)).replace("?>\n", "?>\n<!DOCTYPE rss>\n", 1)
    run_import(write(tmp_path, text))
    assert Post.objects.count() == 1


def test_hostile_files_end_with_one_line_and_no_traceback(tmp_path):
    export = write(tmp_path, BILLION_LAUGHS)
    result = subprocess.run(
        [sys.executable, "manage.py", "import_wordpress", str(export)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_DEBUG": "true"},
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "declares XML entities" in line
    assert not get_user_model().objects.exists()


def test_a_huge_item_is_read_whole(tmp_path):
    # Over libxml2's 10 MB limit for one text node, which its default settings refuse.
    words = "The council's budget for the year ahead. " * 300_000
    records, repairs = read(write(tmp_path, wxr_document(wxr_item(1, content=words))))
    assert records[-1].content == words
    assert repairs == []

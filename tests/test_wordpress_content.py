"""How a post's content comes over: ids, titles, the more tag, footnotes and in-page links."""

import io
import json

import pytest
from django.core.management import call_command

from posts.models import Post
from posts.sanitize import sanitize_html
from tests.helpers import wxr_document, wxr_item
from wordpress.models import ImportedObject

pytestmark = pytest.mark.django_db


def run_import(path, *args):
    out = io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write_export(tmp_path, *items):
    path = tmp_path / "export.xml"
    path.write_text(wxr_document(*items), encoding="utf-8")
    return path


# --- Post ids ---------------------------------------------------------------------------------


def test_a_duplicate_post_id_is_reported_and_skipped(tmp_path):
    export = write_export(
        tmp_path, wxr_item(7, title="First"), wxr_item(7, title="Second"), wxr_item(8)
    )
    report = run_import(export)
    assert "1 × posts whose id an earlier item already has: post 7 “Second”" in report
    assert sorted(Post.objects.values_list("title", flat=True)) == ["First", "WordPress post 8"]
    assert "Posts: 2 new published" in run_import(export).replace("unchanged", "new published")


def test_posts_with_no_id_are_reported_and_skipped(tmp_path):
    missing = wxr_item(0, title="No id").replace("<wp:post_id>0</wp:post_id>", "")
    export = write_export(tmp_path, missing, missing.replace("No id", "No id either"), wxr_item(3))
    report = run_import(export)
    assert "2 × posts with no WordPress id (wp:post_id): post 0 “No id”; post 0 “No id either”" in (
        report
    )
    assert list(Post.objects.values_list("title", flat=True)) == ["WordPress post 3"]
    assert list(ImportedObject.objects.values_list("wp_id", flat=True)) == [3]


# --- Titles and the more tag ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Why we still teach &lt;html&gt; basics", "Why we still teach <html> basics"),
        ("<![CDATA[Budget <script> tags & <br>eaks]]>", "Budget <script> tags & eaks"),
        ("<![CDATA[Title <em>With</em> <b>Mark<sup>up</sup></b>]]>", "Title With Markup"),
        ("a &lt; b &amp;&amp; c &gt; d", "a < b && c > d"),
    ],
    ids=["html-as-text", "unknown-tag-kept", "inline-markup-dropped", "comparison"],
)
def test_a_title_keeps_its_text(tmp_path, title, expected):
    run_import(write_export(tmp_path, wxr_item(1, title=title)))
    assert Post.objects.get().title == expected


def test_the_more_tag_becomes_the_excerpt_when_there_is_none(tmp_path):
    content = "Our <em>new</em> budget.\n\nIt protects services.<!--more-->\n\nThe detail follows."
    run_import(
        write_export(
            tmp_path,
            wxr_item(1, content=content),
            wxr_item(2, content=content, excerpt="Written by hand."),
            wxr_item(3, content=content.replace("<!--more-->", "<!--more Read on-->")),
        )
    )
    posts = {post.title: post for post in Post.objects.all()}
    assert posts["WordPress post 1"].excerpt == "Our new budget. It protects services."
    assert posts["WordPress post 2"].excerpt == "Written by hand."
    assert posts["WordPress post 3"].excerpt == "Our new budget. It protects services."
    # The whole text stays in the body, as on the old post's own page.
    assert "The detail follows." in posts["WordPress post 1"].body


# --- Block-editor footnotes and in-page links -------------------------------------------------

FOOTNOTE_ID = "5c1b6d0e-8f42-4b7a-9d1e-3a2f6c7b8e90"
FOOTNOTE_CONTENT = f"""<!-- wp:paragraph -->
<p>Spending rose by a tenth<sup data-fn="{FOOTNOTE_ID}" class="fn"><a href="#{FOOTNOTE_ID}" \
id="{FOOTNOTE_ID}-link">1</a></sup>.</p>
<!-- /wp:paragraph -->

<!-- wp:footnotes /-->"""
FOOTNOTES_META = json.dumps([{"content": "Audited accounts, <em>2024</em>.", "id": FOOTNOTE_ID}])


def footnote_item():
    meta = (
        "<wp:postmeta><wp:meta_key>footnotes</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{FOOTNOTES_META}]]></wp:meta_value></wp:postmeta>"
    )
    return wxr_item(1, content=FOOTNOTE_CONTENT, extra=meta)


def test_block_editor_footnotes_keep_their_text_and_links(tmp_path):
    run_import(write_export(tmp_path, footnote_item()))
    body = Post.objects.get().body
    assert "Audited accounts, <em>2024</em>." in body
    # The reference and the note link to each other.
    assert f'<a href="#body-{FOOTNOTE_ID}" id="body-{FOOTNOTE_ID}-link" rel=' in body
    assert f'<li id="body-{FOOTNOTE_ID}">' in body
    assert f'<a href="#body-{FOOTNOTE_ID}-link"' in body


def test_footnotes_are_reported_when_their_text_is_missing(tmp_path):
    report = run_import(write_export(tmp_path, wxr_item(1, content=FOOTNOTE_CONTENT)))
    assert "Post 1: its footnotes block has no footnotes in the export" in report


def test_an_in_page_link_keeps_its_target(tmp_path):
    content = '<a href="#costs">Costs</a>\n\n<h2 id="costs">Costs</h2>\n\nText <b id="x">y</b>'
    run_import(write_export(tmp_path, wxr_item(1, content=content)))
    body = Post.objects.get().body
    assert '<a href="#body-costs" rel="noopener noreferrer">Costs</a>' in body
    assert '<h2 id="body-costs">Costs</h2>' in body
    # Nothing links to this one: it goes.
    assert 'id="x"' not in body
    assert 'id="body-x"' not in body


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # Only ids something in the body links to are kept, with a prefix so that they never
        # take the name of an element of the page around the body.
        (
            '<p id="content"><a href="#content">top</a></p>',
            '<p id="body-content"><a href="#body-content" rel="noopener noreferrer">top</a></p>',
        ),
        ('<p id="alone">x</p>', "<p>x</p>"),
        # A link to an id that is not in the body (the page's comments) is left as it is.
        (
            '<p><a href="#comments">Comments</a></p>',
            '<p><a href="#comments" rel="noopener noreferrer">Comments</a></p>',
        ),
        # Anything but a plain name is dropped.
        (
            '<p id="a b&quot;"><a href="#a b&quot;">x</a></p>',
            '<p><a href="#a b&quot;" rel="noopener noreferrer">x</a></p>',
        ),
    ],
    ids=["kept-and-prefixed", "unreferenced", "outside-target", "not-a-name"],
)
def test_the_sanitiser_keeps_only_referenced_ids(html, expected):
    assert sanitize_html(html) == expected
    # Saving again changes nothing.
    assert sanitize_html(expected) == expected

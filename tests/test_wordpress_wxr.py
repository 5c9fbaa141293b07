import io
from datetime import datetime

import pytest

from tests.helpers import wxr_document, wxr_item
from wordpress.wxr import Author, Channel, Item, Term, WXRError, read_wxr


def read(text):
    return list(read_wxr(io.BytesIO(text.encode())))


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_every_wxr_version_and_namespace_scheme_reads_the_same(version, scheme):
    records = read(wxr_document(wxr_item(7, title="Hello"), version=version, scheme=scheme))
    channel, author, item = records
    assert isinstance(channel, Channel)
    assert channel.wxr_version == version
    assert author == Author(
        login="chief",
        email="chief@council.example",
        display_name="Chris Chief",
        first_name="Chris",
        last_name="Chief",
    )
    assert isinstance(item, Item)
    assert (item.wp_id, item.title, item.post_type, item.status) == (7, "Hello", "post", "publish")
    assert item.date_gmt == datetime(2013, 5, 16, 8, 30)


def test_item_terms_postmeta_and_comments_are_read():
    extra = """
<category domain="post_tag" nicename="thanks"><![CDATA[Thanks]]></category>
<category domain="category" nicename="news"><![CDATA[News]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>12</wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>Sam</wp:comment_author>
<wp:comment_date_gmt>0000-00-00 00:00:00</wp:comment_date_gmt>
<wp:comment_content>Well done</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>2</wp:comment_parent></wp:comment>"""
    item = read(wxr_document(wxr_item(1, extra=extra)))[-1]
    assert [(term.taxonomy, term.slug, term.name) for term in item.terms] == [
        ("post_tag", "thanks", "Thanks"),
        ("category", "news", "News"),
    ]
    assert item.meta == {"_thumbnail_id": "12"}
    [comment] = item.comments
    assert (comment.wp_id, comment.author_name, comment.content) == (3, "Sam", "Well done")
    assert (comment.approved, comment.parent_id, comment.date_gmt) == ("1", 2, None)


def test_channel_terms_are_read_with_their_ids():
    terms = """
<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>news</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>6</wp:term_id><wp:tag_slug>thanks</wp:tag_slug><wp:tag_name>Thanks</wp:tag_name></wp:tag>"""
    records = read(wxr_document(channel_extra=terms))
    assert [record for record in records if isinstance(record, Term)] == [
        Term(taxonomy="category", slug="news", name="News", term_id=5),
        Term(taxonomy="post_tag", slug="thanks", name="Thanks", term_id=6),
    ]


def test_items_are_not_kept_in_memory_after_they_are_read():
    document = wxr_document(*(wxr_item(number) for number in range(1, 4)))
    reader = read_wxr(io.BytesIO(document.encode()))
    seen = [record.wp_id for record in reader if isinstance(record, Item)]
    assert seen == [1, 2, 3]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The file is empty."),
        ("   \n", "The file is empty."),
        ("Dear colleagues, this is not XML.", "This is not an XML file"),
        (wxr_document(wxr_item(1))[:-300], "looks truncated"),
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
            "<item><title>A feed item</title></item></channel></rss>",
            "This is an RSS feed, not a WordPress export",
        ),
        ('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "its root element is <{http"),
    ],
    ids=["empty", "blank", "not-xml", "truncated", "plain-rss", "atom"],
)
def test_unreadable_files_raise_a_clear_error(content, message):
    with pytest.raises(WXRError, match=message.replace("(", r"\(")[:40].replace("{", r"\{")):
        read(content)

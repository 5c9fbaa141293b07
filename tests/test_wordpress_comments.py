import html
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from comments.models import Comment
from pagecache.version import content_version
from posts.models import Post
from tests.helpers import make_user, wxr_document, wxr_item
from tests.test_wordpress_import import run_import, write_export
from wordpress.models import ImportedObject

pytestmark = pytest.mark.django_db


def wxr_comment(wp_id, **fields):
    """Return one <wp:comment> as WordPress writes it, with any field overridden."""
    values = {
        "author": "Sam Reader",
        "email": f"reader{wp_id}@council.example",
        "date": "2013-05-17 10:15:00",
        "date_gmt": "2013-05-17 09:15:00",
        "content": f"Comment {wp_id}: thank you.",
        "approved": "1",
        "type": "comment",
        "parent": 0,
        "user_id": 0,
        **fields,
    }
    return f"""<wp:comment>
<wp:comment_id>{wp_id}</wp:comment_id>
<wp:comment_author><![CDATA[{values["author"]}]]></wp:comment_author>
<wp:comment_author_email><![CDATA[{values["email"]}]]></wp:comment_author_email>
<wp:comment_date>{values["date"]}</wp:comment_date>
<wp:comment_date_gmt>{values["date_gmt"]}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{values["content"]}]]></wp:comment_content>
<wp:comment_approved>{values["approved"]}</wp:comment_approved>
<wp:comment_type>{values["type"]}</wp:comment_type>
<wp:comment_parent>{values["parent"]}</wp:comment_parent>
<wp:comment_user_id>{values["user_id"]}</wp:comment_user_id>
</wp:comment>"""


def post_with_comments(tmp_path, *comments, **fields):
    return write_export(tmp_path, wxr_item(1, extra="".join(comments), **fields))


def by_wp_id():
    """Return the imported comments keyed by their WordPress ID."""
    mapped = ImportedObject.objects.filter(kind="comment").values_list("wp_id", "object_id")
    comments = Comment.objects.select_related("author", "parent").in_bulk()
    return {wp_id: comments[pk] for wp_id, pk in mapped}


def test_states_map_and_trash_and_pingbacks_are_skipped_with_a_reason(tmp_path):
    report = run_import(
        post_with_comments(
            tmp_path,
            wxr_comment(11, approved="1"),
            wxr_comment(12, approved="0"),
            wxr_comment(13, approved="spam"),
            wxr_comment(14, approved="trash"),
            wxr_comment(15, type="pingback", content="Linked from another blog"),
        )
    )
    comments = by_wp_id()
    assert {wp_id: comment.status for wp_id, comment in comments.items()} == {
        11: "approved",
        12: "pending",
        13: "spam",
    }
    assert "Comments: 1 new approved, 1 new pending, 1 new spam" in report
    assert "1 × comments in WordPress's trash: comment 14 on post 1" in report
    assert "1 × pingbacks and trackbacks (notices from other sites, not comments): comment 15" in (
        report
    )


def test_deep_threads_are_flattened_under_their_top_level_comment(tmp_path):
    run_import(
        post_with_comments(
            tmp_path,
            wxr_comment(21, content="Where is the new office?"),
            wxr_comment(22, parent=21, content="On Mill Lane.", date_gmt="2013-05-17 09:20:00"),
            wxr_comment(23, parent=22, content="Is there parking?", date_gmt="2013-05-17 09:25:00"),
            wxr_comment(24, parent=23, content="Yes, behind it.", date_gmt="2013-05-17 09:30:00"),
            wxr_comment(25, content="Congratulations to the team."),
        )
    )
    comments = by_wp_id()
    top = comments[21]
    assert top.parent is None
    assert comments[25].parent is None
    assert [reply.body for reply in top.replies.order_by("created_at")] == [
        "On Mill Lane.",
        "Is there parking?",
        "Yes, behind it.",
    ]


def test_a_reply_whose_parent_was_trashed_goes_under_the_nearest_kept_ancestor(tmp_path):
    run_import(
        post_with_comments(
            tmp_path,
            wxr_comment(31),
            wxr_comment(32, parent=31, approved="trash"),
            wxr_comment(33, parent=32),
            wxr_comment(41, approved="trash"),
            wxr_comment(42, parent=41),
        )
    )
    comments = by_wp_id()
    assert comments[33].parent == comments[31]
    # Its whole thread above it is in the trash: it starts a thread of its own.
    assert comments[42].parent is None


def test_replies_show_on_the_post_page_under_their_thread(tmp_path, reader_client):
    run_import(
        post_with_comments(
            tmp_path,
            wxr_comment(21, content="Where is the new office?"),
            wxr_comment(22, parent=21, content="On Mill Lane.", date_gmt="2013-05-17 09:20:00"),
            wxr_comment(23, parent=22, content="Is there parking?", date_gmt="2013-05-17 09:25:00"),
        )
    )
    page = reader_client.get(Post.objects.get().get_absolute_url()).text
    start = page.index('<ol class="comment-list comment-list--replies">')
    replies = page[start : page.index("</ol>", start)]
    assert page.index("Where is the new office?") < start
    assert replies.index("On Mill Lane.") < replies.index("Is there parking?")


def test_wordpress_dates_are_kept(tmp_path):
    run_import(
        post_with_comments(
            tmp_path,
            wxr_comment(11, date="2013-05-17 10:15:00", date_gmt="2013-05-17 09:15:00"),
            # No GMT date: the local one is read in the site's time zone (BST in May).
            wxr_comment(12, date="2013-05-18 08:00:00", date_gmt="0000-00-00 00:00:00"),
        )
    )
    comments = by_wp_id()
    assert comments[11].created_at == datetime(2013, 5, 17, 9, 15, tzinfo=UTC)
    assert comments[12].created_at == datetime(2013, 5, 18, 7, 0, tzinfo=UTC)


def test_visitors_become_inactive_users_named_as_in_wordpress(tmp_path, reader_client):
    staff = make_user("pat", first_name="Pat", last_name="Staff", email="Pat@Council.example")
    run_import(
        post_with_comments(
            tmp_path,
            wxr_comment(11, author="Jo Visitor-Smith", email="jo@parish.example"),
            wxr_comment(12, author="Jo Visitor-Smith", email="JO@parish.example"),
            wxr_comment(13, author="Pat S", email="pat@council.example"),
            wxr_comment(14, author="Chris Chief", email="chief@council.example", user_id=1),
            wxr_comment(15, author="Anonymous Reader", email=""),
        )
    )
    comments = by_wp_id()
    visitor = comments[11].author
    assert comments[12].author == visitor
    assert (visitor.username, visitor.get_full_name(), visitor.is_active) == (
        "jo",
        "Jo Visitor-Smith",
        False,
    )
    assert not visitor.has_usable_password()
    assert comments[13].author == staff
    assert comments[14].author.username == "chief"
    assert comments[15].author.get_full_name() == "Anonymous Reader"
    page = reader_client.get(Post.objects.get().get_absolute_url()).text
    assert "Jo Visitor-Smith</span>" in page


def test_the_blog_author_replying_in_wordpress_is_matched_by_user_id(tmp_path):
    author = """<wp:author><wp:author_id>7</wp:author_id><wp:author_login>comms</wp:author_login>
<wp:author_email>comms@council.example</wp:author_email></wp:author>"""
    path = tmp_path / "export.xml"
    item = wxr_item(1, extra=wxr_comment(11, author="Comms team", email="", user_id=7))
    path.write_text(wxr_document(item, channel_extra=author), encoding="utf-8")
    run_import(path)
    assert by_wp_id()[11].author.username == "comms"


def test_comment_html_becomes_plain_text_keeping_link_addresses(tmp_path):
    content = (
        "Thanks &amp; well done.\n\n<strong>Really</strong> good: "
        '<a href="https://www.example.org/report" rel="nofollow">the report</a>.'
    )
    run_import(post_with_comments(tmp_path, wxr_comment(11, content=content)))
    assert by_wp_id()[11].body == (
        "Thanks & well done.\n\nReally good: the report (https://www.example.org/report)."
    )


def test_closed_comments_stay_closed(tmp_path):
    run_import(
        write_export(
            tmp_path,
            wxr_item(1, comment_status="closed", post_name="closed"),
            wxr_item(2, comment_status="open", post_name="open"),
        )
    )
    assert dict(Post.objects.values_list("slug", "comments_open")) == {
        "closed": False,
        "open": True,
    }


def test_a_second_import_changes_nothing_and_a_changed_comment_is_updated(tmp_path):
    comments = [wxr_comment(11), wxr_comment(12, parent=11), wxr_comment(13, parent=12)]
    run_import(post_with_comments(tmp_path, *comments))
    before = set(Comment.objects.values_list("pk", "parent", "body", "status", "created_at"))
    users = get_user_model().objects.count()
    report = run_import(post_with_comments(tmp_path, *comments))
    assert "Comments: 3 unchanged" in report
    assert set(Comment.objects.values_list("pk", "parent", "body", "status", "created_at")) == (
        before
    )
    assert get_user_model().objects.count() == users
    comments[2] = wxr_comment(13, parent=12, content="Edited in WordPress.", approved="spam")
    report = run_import(post_with_comments(tmp_path, *comments))
    assert "Comments: 2 unchanged, 1 updated" in report
    assert (by_wp_id()[13].body, by_wp_id()[13].status) == ("Edited in WordPress.", "spam")
    assert Comment.objects.count() == 3


def test_a_comment_deleted_in_ceoblog_comes_back_on_the_next_import(tmp_path):
    export = post_with_comments(tmp_path, wxr_comment(11), wxr_comment(12))
    run_import(export)
    by_wp_id()[12].delete()
    report = run_import(export)
    assert "Comments: 1 new approved, 1 unchanged" in report
    assert set(by_wp_id()) == {11, 12}


def test_comments_with_no_text_are_skipped(tmp_path):
    report = run_import(post_with_comments(tmp_path, wxr_comment(11, content="<p> </p>")))
    assert not Comment.objects.exists()
    assert "1 × comments with no text: comment 11 on post 1" in report


def test_a_long_old_comment_is_kept_whole_with_a_warning(tmp_path):
    words = "word " * 1200
    report = run_import(post_with_comments(tmp_path, wxr_comment(11, content=words)))
    assert by_wp_id()[11].body == words.strip()
    assert "Comment 11 is longer than the 5000 characters new comments may have" in report


def test_an_import_renews_the_page_cache_version(tmp_path):
    before = content_version()
    run_import(post_with_comments(tmp_path, wxr_comment(11)))
    assert content_version() != before


def test_dry_run_saves_no_comment_and_no_commenter(tmp_path):
    report = run_import(post_with_comments(tmp_path, wxr_comment(11)), "--dry-run")
    assert "Comments: 1 new approved" in report
    assert not Comment.objects.exists()
    assert not get_user_model().objects.exists()


def test_entities_in_commenter_names_are_decoded(tmp_path, reader_client):
    # WordPress stores a visitor's name as HTML, so "&" arrives as "&amp;".
    run_import(post_with_comments(tmp_path, wxr_comment(11, author="Róisín O&#039;Neill &amp; Co")))
    author = by_wp_id()[11].author
    assert author.get_full_name() == "Róisín O'Neill & Co"
    page = reader_client.get(Post.objects.get().get_absolute_url()).text
    assert html.escape("Róisín O'Neill & Co") in page


def test_visitors_without_an_address_are_not_created_again_by_later_imports(tmp_path):
    comments = [wxr_comment(11, author="Alex Anon", email=""), wxr_comment(12, email="")]
    run_import(post_with_comments(tmp_path, *comments))
    users = set(get_user_model().objects.values_list("pk", flat=True))
    run_import(post_with_comments(tmp_path, *comments))
    comments[0] = wxr_comment(11, author="Alex Anon", email="", content="Edited.")
    run_import(post_with_comments(tmp_path, *comments))
    assert set(get_user_model().objects.values_list("pk", flat=True)) == users
    assert by_wp_id()[11].author.get_full_name() == "Alex Anon"

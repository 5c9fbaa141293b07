import pytest
from django.contrib.auth import get_user_model

from comments.models import Comment
from posts.models import Post
from tests.helpers import make_user, wxr_document, wxr_item
from tests.test_wordpress_comments import wxr_comment
from tests.test_wordpress_import import run_import
from wordpress.models import ImportedPerson

pytestmark = pytest.mark.django_db


def author_entry(login, email):
    return (
        f"<wp:author><wp:author_id>3</wp:author_id><wp:author_login><![CDATA[{login}]]>"
        f"</wp:author_login><wp:author_email>{email}</wp:author_email>"
        "<wp:author_display_name><![CDATA[Jo Bloggs]]></wp:author_display_name></wp:author>"
    )


def export_by(tmp_path, login, email, *items):
    path = tmp_path / "export.xml"
    path.write_text(
        wxr_document(*items, channel_extra=author_entry(login, email)), encoding="utf-8"
    )
    return path


def test_an_author_with_a_space_in_their_login_and_no_usable_email_imports_twice(tmp_path):
    export = export_by(tmp_path, "Jo Bloggs", "not an address", wxr_item(1, creator="Jo Bloggs"))
    run_import(export)
    user = Post.objects.get().author
    assert (user.username, user.email) == ("Jo-Bloggs", "")

    report = run_import(export)

    assert Post.objects.get().author == user
    assert get_user_model().objects.filter(username__startswith="Jo").count() == 1
    # The export's other author, "chief", is found again too.
    assert "Authors: 2 imported before" in report


def test_an_author_whose_email_was_corrected_in_ceoblog_is_found_again(tmp_path):
    export = export_by(tmp_path, "Jo Bloggs", "jo@old.example", wxr_item(1, creator="Jo Bloggs"))
    run_import(export)
    user = Post.objects.get().author
    user.email = "jo.bloggs@council.example"
    user.save()
    users = get_user_model().objects.count()
    later = export_by(
        tmp_path,
        "Jo Bloggs",
        "jo@old.example",
        wxr_item(1, creator="Jo Bloggs"),
        wxr_item(2, creator="Jo Bloggs"),
    )

    run_import(later)

    assert set(Post.objects.values_list("author", flat=True)) == {user.pk}
    assert get_user_model().objects.count() == users


def test_a_second_import_after_edits_in_ceoblog_changes_nothing_and_says_so(tmp_path):
    comment = wxr_comment(11, author="Sam Reader", email="sam@parish.example")
    export = export_by(tmp_path, "chief", "chief@council.example", wxr_item(1, extra=comment))
    run_import(export)
    author = get_user_model().objects.get(username="chief")
    author.username, author.email = "c.chief", "c.chief@council.example"
    author.save()
    commenter = Comment.objects.get().author
    commenter.email = "sam.reader@council.example"
    commenter.save()
    post = Post.objects.get()
    post.title = "Retitled in ceoblog"
    post.save()
    users = set(get_user_model().objects.values_list("pk", "username", "email"))
    before = set(Post.objects.values_list("pk", "title", "author", "updated_at"))

    report = run_import(export)

    assert set(get_user_model().objects.values_list("pk", "username", "email")) == users
    assert set(Post.objects.values_list("pk", "title", "author", "updated_at")) == before
    assert "Authors: 1 imported before" in report
    assert "Posts: 1 unchanged" in report
    assert "Nothing changed: everything in the export was imported before." in report


def test_a_commenter_whose_email_changed_in_ceoblog_keeps_their_new_comments(tmp_path):
    first = wxr_comment(11, author="Sam Reader", email="sam@parish.example")
    run_import(export_by(tmp_path, "chief", "c@council.example", wxr_item(1, extra=first)))
    commenter = Comment.objects.get().author
    commenter.email = "sam.reader@council.example"
    commenter.save()
    second = wxr_comment(12, author="Sam Reader", email="sam@parish.example")

    report = run_import(
        export_by(tmp_path, "chief", "c@council.example", wxr_item(1, extra=first + second))
    )

    assert set(Comment.objects.values_list("author", flat=True)) == {commenter.pk}
    assert "Commenters: 1 imported before" in report


def test_a_new_author_whose_cleaned_login_is_taken_gets_an_account_of_their_own(tmp_path):
    someone = make_user("Jo-Bloggs", email="someone.else@council.example")
    run_import(export_by(tmp_path, "Jo Bloggs", "", wxr_item(1, creator="Jo Bloggs")))
    author = Post.objects.get().author
    assert author != someone
    assert author.username == "Jo-Bloggs-2"
    assert ImportedPerson.objects.get(kind="author", identity="Jo Bloggs").user == author

"""The comment form: saving, errors that keep the typed text, the rate limit, official replies."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import resolve, reverse
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_create
from tests.helpers import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def publish_at_once(settings):
    settings.CEOBLOG_COMMENT_MODERATION = "none"
    settings.CEOBLOG_COMMENTS_PER_MINUTE = 5


def create_url(post):
    return reverse("comments:create", kwargs={"post_id": post.pk})


def test_comment_url_is_named_and_resolves_both_ways():
    assert reverse("comments:create", kwargs={"post_id": 7}) == "/comments/post/7/"
    assert resolve("/comments/post/7/").view_name == "comments:create"


def test_posting_a_comment_redirects_to_its_anchor_and_shows_it(reader_client, reader):
    post = make_post()
    response = reader_client.post(create_url(post), {"body": "Thanks for the update."})
    comment = Comment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.post, comment.author, comment.body) == (post, reader, "Thanks for the update.")
    page = reader_client.get(post.get_absolute_url()).text
    assert f'id="comment-{comment.pk}"' in page
    assert "Robin Reader" in page
    created = timezone.localtime(comment.created_at).isoformat(timespec="seconds")
    assert f'<time datetime="{created}"' in page


def test_the_form_is_protected_against_cross_site_posts(client, reader):
    client.handler.enforce_csrf_checks = True
    client.force_login(reader)
    post = make_post()
    assert client.post(create_url(post), {"body": "Forged"}).status_code == 403
    assert not Comment.objects.exists()


def test_the_name_shown_is_the_account_name_not_anything_typed(reader_client):
    post = make_post()
    reader_client.post(create_url(post), {"body": "Hello", "name": "The Chief Executive"})
    page = reader_client.get(post.get_absolute_url()).text
    assert "The Chief Executive" not in page
    assert "Robin Reader</span>" in page


def test_html_and_script_in_a_comment_are_shown_as_text(reader_client):
    post = make_post()
    body = '<script>alert("hi")</script> <b>bold</b>'
    reader_client.post(create_url(post), {"body": body})
    page = reader_client.get(post.get_absolute_url()).text
    assert "<script>alert" not in page
    assert "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in page


def test_web_addresses_become_nofollow_links_and_line_breaks_are_kept(reader_client):
    post = make_post()
    reader_client.post(
        create_url(post), {"body": "See https://intranet.example/news/\nThanks\n\nSecond part"}
    )
    page = reader_client.get(post.get_absolute_url()).text
    assert (
        '<p>See <a href="https://intranet.example/news/" rel="nofollow noopener">'
        "https://intranet.example/news/</a><br>Thanks</p>\n\n<p>Second part</p>"
    ) in page


def test_a_comment_of_5001_characters_is_refused_and_the_text_kept(reader_client):
    post = make_post()
    body = "x" * 4990 + " last words"  # 5,001 characters
    assert len(body) == 5001
    response = reader_client.post(create_url(post), {"body": body})
    assert response.status_code == 400
    assert not Comment.objects.exists()
    message = "Your comment is 5,001 characters long. Shorten it to 5,000 characters or fewer."
    # In the summary at the top, linked to the field, and next to the field.
    assert f'<li><a href="#id_body">{message}</a></li>' in response.text
    next_to_field = '<p class="form-field__error" id="id_body-error">'
    assert f'{next_to_field}<span class="visually-hidden">Error:</span> {message}</p>' in (
        response.text
    )
    assert 'aria-invalid="true"' in response.text
    assert f"\n{body}</textarea>" in response.text
    # The post itself is still there around the form.
    assert post.title in response.text


def test_a_comment_of_exactly_5000_characters_is_saved(reader_client):
    post = make_post()
    response = reader_client.post(create_url(post), {"body": "y" * 5000})
    assert response.status_code == 303
    assert len(Comment.objects.get().body) == 5000


def test_an_empty_comment_says_what_to_do(reader_client):
    response = reader_client.post(create_url(make_post()), {"body": "   "})
    assert response.status_code == 400
    assert "Write your comment before posting it." in response.text
    assert not Comment.objects.exists()


def test_getting_the_comment_address_is_not_allowed(reader_client):
    assert reader_client.get(create_url(make_post())).status_code == 405


def test_signed_out_people_are_sent_to_sign_in(client):
    post = make_post()
    response = client.post(create_url(post), {"body": "Hello"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Comment.objects.exists()


def test_signed_out_readers_see_a_sign_in_link_instead_of_the_form(client, settings):
    # A site with CEOBLOG_LOGIN_REQUIRED=false lets signed-out people read.
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("LoginRequiredMiddleware")
    ]
    post = make_post()
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "to comment." in response.text
    assert 'id="comment-form"' not in response.text


def test_posting_too_fast_is_told_to_wait_and_keeps_the_text(reader_client, reader, settings):
    settings.CEOBLOG_COMMENTS_PER_MINUTE = 2
    post = make_post()
    for body in ("One", "Two"):
        assert reader_client.post(create_url(post), {"body": body}).status_code == 303
    response = reader_client.post(create_url(post), {"body": "Three, please keep me"})
    assert response.status_code == 429
    assert "You have posted 2 comments in the last minute" in response.text
    assert "Wait a minute, then post again" in response.text
    assert "\nThree, please keep me</textarea>" in response.text
    assert Comment.objects.count() == 2


def test_the_rate_limit_counts_only_the_last_minute(reader_client, reader, settings):
    settings.CEOBLOG_COMMENTS_PER_MINUTE = 1
    post = make_post()
    make_comment(post=post, author=reader, created_at=timezone.now() - timedelta(seconds=61))
    assert reader_client.post(create_url(post), {"body": "Fresh"}).status_code == 303


def test_two_comments_posted_at_the_same_moment_are_both_saved(client):
    post = make_post()
    moment = timezone.now()
    first, second = make_user(), make_user()
    with mock.patch("django.utils.timezone.now", return_value=moment):
        for user, body in ((first, "Same moment A"), (second, "Same moment B")):
            client.force_login(user)
            assert client.post(create_url(post), {"body": body}).status_code == 303
    saved = list(Comment.objects.order_by("id").values_list("body", "created_at"))
    assert saved == [("Same moment A", moment), ("Same moment B", moment)]


def test_replying_nests_the_reply_under_its_comment(reader_client):
    post = make_post()
    parent = make_comment(post=post, body="Top-level words")
    page = reader_client.get(f"{post.get_absolute_url()}?replyto={parent.pk}").text
    assert "Reply to Casey Commenter" in page
    assert f'<input type="hidden" name="parent" value="{parent.pk}">' in page
    reader_client.post(create_url(post), {"body": "Reply words", "parent": parent.pk})
    reply = Comment.objects.get(body="Reply words")
    assert reply.parent == parent
    page = reader_client.get(post.get_absolute_url()).text
    replies_list = page.index('class="comment-list comment-list--replies"')
    assert page.index("Top-level words") < replies_list < page.index("Reply words")


def test_a_reply_to_a_reply_or_to_another_post_is_refused_with_a_message(reader_client):
    post = make_post()
    parent = make_comment(post=post)
    reply = make_comment(post=post, parent=parent)
    elsewhere = make_comment()
    for bad_parent in (reply, elsewhere):
        response = reader_client.post(
            create_url(post), {"body": "Kept text", "parent": bad_parent.pk}
        )
        assert response.status_code == 400
        assert "The comment you were replying to is no longer shown." in response.text
        assert "\nKept text</textarea>" in response.text
    assert Comment.objects.count() == 3


def test_only_a_permitted_user_can_mark_an_official_reply(client):
    post = make_post()
    parent = make_comment(post=post)
    office = make_user(perms=["comments.post_official_reply"])
    client.force_login(office)
    page = client.get(post.get_absolute_url()).text
    assert "Post as an official reply" in page
    data = {"body": "From the office", "parent": parent.pk, "is_official": "on"}
    client.post(create_url(post), data)
    reply = Comment.objects.get(body="From the office")
    assert reply.is_official
    assert "Official reply</strong>" in client.get(post.get_absolute_url()).text


def test_a_forged_official_field_does_nothing(reader_client):
    post = make_post()
    page = reader_client.get(post.get_absolute_url()).text
    assert "Post as an official reply" not in page
    reader_client.post(create_url(post), {"body": "Pretending", "is_official": "on"})
    comment = Comment.objects.get()
    assert not comment.is_official
    assert "Official reply</strong>" not in reader_client.get(post.get_absolute_url()).text


def test_the_service_refuses_an_official_comment_from_anyone_without_the_permission(reader):
    with pytest.raises(PermissionDenied):
        comment_create(post=make_post(), author=reader, body="Hi", is_official=True)
    assert not Comment.objects.exists()


def test_who_may_post_official_replies_is_who_django_says_holds_the_permission():
    from django.contrib.auth.models import Group, Permission

    from comments.services import OFFICIAL_REPLY_PERMISSION, can_post_official_reply

    office = Group.objects.create(name="The office")
    office.permissions.add(Permission.objects.get(codename="post_official_reply"))
    other = Group.objects.create(name="Other")
    other.permissions.add(Permission.objects.get(codename="change_comment"))
    people = {
        "reader": make_user(),
        "in another group": make_user(perms=["comments.close_comments"]),
        "given it directly": make_user(perms=[OFFICIAL_REPLY_PERMISSION]),
        "in the office's group": make_user(),
        "left, still in the group": make_user(is_active=False),
        "superuser": make_user(is_superuser=True),
        "superuser who left": make_user(is_superuser=True, is_active=False),
    }
    people["in another group"].groups.add(other)
    people["in the office's group"].groups.add(office)
    people["left, still in the group"].groups.add(office)
    answers = {name: can_post_official_reply(user) for name, user in people.items()}
    assert answers == {
        name: user.has_perm(OFFICIAL_REPLY_PERMISSION) for name, user in people.items()
    }
    assert [name for name, allowed in answers.items() if allowed] == [
        "given it directly",
        "in the office's group",
        "superuser",
    ]

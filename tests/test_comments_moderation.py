"""Moderation: who sees each state, the three moderation modes, emails, the admin queue."""

import pytest
from django.core import mail
from django.urls import reverse

from comments.models import Comment
from comments.roles import MODERATORS
from comments.services import comment_create, comment_moderate
from outbox.models import QueuedMail
from outbox.services import mail_deliver
from tests.helpers import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM]


def create_url(post):
    return reverse("comments:create", kwargs={"post_id": post.pk})


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_comments_not_approved_are_shown_to_no_other_reader(reader_client, state):
    post = make_post()
    make_comment(post=post, body="Hidden words", status=state)
    make_comment(post=post, body="Visible words")
    page = reader_client.get(post.get_absolute_url()).text
    assert "Hidden words" not in page
    assert "Visible words" in page
    assert '<h2 id="comments-title">1 Comment</h2>' in page
    listing = reader_client.get("/").text
    assert f'<a href="{post.get_absolute_url()}#comments">1 Comment</a>' in listing


def test_a_pending_comment_is_shown_to_its_author_awaiting_moderation(client, reader):
    post = make_post()
    make_comment(post=post, author=reader, body="My held words", status="pending")
    client.force_login(reader)
    page = client.get(post.get_absolute_url()).text
    assert "My held words" in page
    assert "Your comment is awaiting moderation." in page
    assert '<h2 id="comments-title">No Comments</h2>' in page


@pytest.mark.parametrize("state", [Comment.Status.REJECTED, Comment.Status.SPAM])
def test_rejected_and_spam_comments_are_hidden_from_their_author_too(client, reader, state):
    post = make_post()
    make_comment(post=post, author=reader, body="Turned away", status=state)
    client.force_login(reader)
    assert "Turned away" not in client.get(post.get_absolute_url()).text


def test_replies_under_a_rejected_comment_are_hidden_and_not_counted(reader_client):
    post = make_post()
    parent = make_comment(post=post, status="rejected")
    make_comment(post=post, parent=parent, body="Orphaned reply")
    page = reader_client.get(post.get_absolute_url()).text
    assert "Orphaned reply" not in page
    assert '<h2 id="comments-title">No Comments</h2>' in page
    assert "No Comments</a>" in reader_client.get("/").text


def test_moderation_none_publishes_at_once(settings, reader):
    settings.CEOBLOG_COMMENT_MODERATION = "none"
    comment = comment_create(post=make_post(), author=reader, body="Hello")
    assert comment.status == Comment.Status.APPROVED


def test_moderation_all_holds_even_a_trusted_author(settings, reader):
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    post = make_post()
    make_comment(post=post, author=reader)
    assert comment_create(post=post, author=reader, body="Again").status == "pending"


def test_moderation_first_holds_a_new_author_until_one_comment_is_approved(settings, reader):
    settings.CEOBLOG_COMMENT_MODERATION = "first"
    post = make_post()
    first = comment_create(post=post, author=reader, body="First ever")
    second = comment_create(post=post, author=reader, body="Still new")
    assert (first.status, second.status) == ("pending", "pending")
    comment_moderate(comments=[first], state="approved", moderator=make_user())
    assert comment_create(post=post, author=reader, body="Now trusted").status == "approved"


def test_moderators_comments_are_published_at_once(settings, moderator):
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    assert comment_create(post=make_post(), author=moderator, body="Hi").status == "approved"


def test_a_held_comment_emails_the_moderators_group_after_the_response(settings, reader_client):
    from django.contrib.auth.models import Group

    settings.CEOBLOG_COMMENT_MODERATION = "all"
    settings.CEOBLOG_MODERATOR_EMAILS = []
    make_user(email="mo@ceoblog.example").groups.add(Group.objects.get(name=MODERATORS))
    post = make_post(title="Winter update")
    reader_client.post(create_url(post), {"body": "Please check me"})
    comment = Comment.objects.get()
    # Nothing is sent while the commenter waits: the email is queued with the comment.
    assert mail.outbox == []
    assert mail_deliver().sent == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["mo@ceoblog.example"]
    assert email.subject == "Comment awaiting moderation: Winter update"
    assert "Robin Reader commented on “Winter update”" in email.body
    assert "Please check me" in email.body
    assert f"/admin/comments/comment/{comment.pk}/change/" in email.body
    assert mail_deliver().sent == 0


def test_moderator_emails_setting_overrides_the_group(settings, reader):
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    settings.CEOBLOG_MODERATOR_EMAILS = ["office@ceoblog.example"]
    comment_create(post=make_post(), author=reader, body="Held")
    mail_deliver()
    assert mail.outbox[0].to == ["office@ceoblog.example"]


def test_a_published_comment_emails_nobody(settings, reader):
    settings.CEOBLOG_COMMENT_MODERATION = "none"
    settings.CEOBLOG_MODERATOR_EMAILS = ["office@ceoblog.example"]
    comment_create(post=make_post(), author=reader, body="Straight out")
    assert mail_deliver().sent == 0
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_lose_the_comment_or_the_email(
    settings, reader_client, monkeypatch
):
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    settings.CEOBLOG_MODERATOR_EMAILS = ["office@ceoblog.example"]

    def refuse(self, messages):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    response = reader_client.post(create_url(make_post()), {"body": "Keep me"})
    assert response.status_code == 303
    assert Comment.objects.get().body == "Keep me"
    assert mail_deliver().failed == 1
    waiting = QueuedMail.objects.get()
    assert (waiting.sent_at, waiting.attempts) == (None, 1)
    assert "no mail server" in waiting.last_error


@pytest.mark.django_db(transaction=True)
def test_a_title_with_a_line_break_still_tells_the_moderators(settings, reader_client):
    # Before: the subject line raised BadHeaderError inside the request, a 500 for a saved
    # comment, and no moderator was told.
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    settings.CEOBLOG_MODERATOR_EMAILS = ["office@ceoblog.example"]
    post = make_post(title="Budget\nBcc: everyone@example.org")
    response = reader_client.post(create_url(post), {"body": "Held for a look"})
    assert response.status_code == 303
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert mail_deliver().sent == 1
    [email] = mail.outbox
    assert email.subject == "Comment awaiting moderation: Budget Bcc: everyone@example.org"
    assert email.to == ["office@ceoblog.example"]
    headers = email.message().as_string().split("\n\n")[0]
    assert not [line for line in headers.splitlines() if line.startswith("Bcc")]


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("approve_comments", "approved"),
        ("reject_comments", "rejected"),
        ("mark_comments_as_spam", "spam"),
    ],
)
def test_bulk_moderation_in_the_admin_records_who_and_when(client, moderator, action, state):
    comments = [make_comment(status="pending") for _ in range(3)]
    untouched = make_comment(status="pending")
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )
    assert response.status_code == 200
    assert f"3 comments {'marked as spam' if state == 'spam' else state}." in response.text
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == state
        assert comment.moderated_by == moderator
        assert comment.moderated_at is not None
    untouched.refresh_from_db()
    assert (untouched.status, untouched.moderated_by) == ("pending", None)


def test_changing_the_state_on_the_change_page_records_the_moderator(client, moderator):
    comment = make_comment(status="pending", body="Original words")
    client.force_login(moderator)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    response = client.post(url, {"status": "approved", "body": "Edited by a moderator"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == ("approved", moderator)
    assert comment.body == "Original words"


def test_the_moderation_queue_filters_by_state_and_post(client, moderator):
    post = make_post(title="Filtered post")
    make_comment(post=post, status="pending", body="Pending on filtered post")
    make_comment(post=post, status="approved", body="Approved on filtered post")
    make_comment(status="pending", body="Pending elsewhere")
    client.force_login(moderator)
    url = reverse("admin:comments_comment_changelist")
    page = client.get(url, {"status__exact": "pending", "post__id__exact": post.pk}).text
    assert "Pending on filtered post" in page
    assert "Approved on filtered post" not in page
    assert "Pending elsewhere" not in page


def test_the_admin_index_shows_how_many_comments_wait(client, moderator):
    make_comment(status="pending")
    make_comment(status="pending")
    make_comment(status="approved")
    client.force_login(moderator)
    page = client.get(reverse("admin:index")).text
    queue = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    assert f'<a href="{queue}">Comments awaiting moderation (2)</a>' in page


def test_the_admin_index_hides_the_count_from_staff_who_cannot_moderate(client):
    make_comment(status="pending")
    client.force_login(make_user(is_staff=True, perms=["posts.view_post"]))
    page = client.get(reverse("admin:index")).text
    assert "awaiting moderation" not in page

"""Emails about comments: replies, official replies, new comments, settings and unsubscribing."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.services import user_anonymise
from alerts.models import CommentDelivery, EmailSettings
from comments.models import Comment
from comments.services import comment_create, comment_moderate
from outbox.models import QueuedMail
from outbox.services import mail_deliver
from posts.models import Post
from tests.helpers import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

SITE = "https://intranet.example.gov.uk"


@pytest.fixture(autouse=True)
def site(settings):
    settings.CEOBLOG_SITE_URL = SITE
    settings.CEOBLOG_COMMENT_MODERATION = "none"
    settings.CEOBLOG_COMMENTS_MAILBOX = ""
    settings.CEOBLOG_MODERATOR_EMAILS = ["moderators@council.example"]


def person(name, **fields):
    """Make a member of staff with a work address: 'Alice' is alice@council.example."""
    fields.setdefault("email", f"{name.lower()}@council.example")
    return make_user(name.lower(), first_name=name, last_name="Example", **fields)


def queued_to(user_or_address):
    """Return the subjects of the emails queued for one address, oldest first."""
    address = getattr(user_or_address, "email", user_or_address)
    return [message.subject for message in QueuedMail.objects.all() if address in message.to]


def create_url(post):
    return reverse("comments:create", kwargs={"post_id": post.pk})


def approve_url(comment):
    return reverse("admin:comments_comment_moderate", args=[comment.pk])


def delivered_to(address):
    """Send the queue as cron does; return the messages that reached address."""
    mail_deliver()
    return [message for message in mail.outbox if address in message.to]


@pytest.fixture
def thread():
    """A post by the chief executive with a comment by Alice."""
    post = make_post(title="Winter roads", author=person("Catherine"))
    return make_comment(post=post, author=person("Alice"), body="Will the A40 be gritted?")


# --- Replies -------------------------------------------------------------------------------


def test_a_reply_emails_the_comment_author_once_and_never_the_replier(client, thread):
    bob = person("Bob")
    client.force_login(bob)
    response = client.post(
        create_url(thread.post), {"body": "Yes, from 6pm tonight.", "parent": thread.pk}
    )
    assert response.status_code == 303
    assert queued_to(thread.author) == ["Bob Example replied to your comment on “Winter roads”"]
    assert queued_to(bob) == []
    # Approving it again (a second click, a form saved twice) sends nothing more.
    reply = Comment.objects.get(parent=thread)
    comment_moderate(comments=[reply], state="approved", moderator=make_user())
    comment_moderate(comments=[reply], state="approved", moderator=make_user())
    assert len(queued_to(thread.author)) == 1

    [email] = delivered_to("alice@council.example")
    assert "Yes, from 6pm tonight." in email.body
    assert "You wrote: “Will the A40 be gritted?”" in email.body
    assert f"{SITE}{reply.get_absolute_url()}" in email.body
    html, kind = email.alternatives[0]
    assert kind == "text/html"
    assert "<blockquote><p>Yes, from 6pm tonight.</p></blockquote>" in html


def test_replying_to_your_own_comment_sends_you_nothing(thread):
    comment_create(post=thread.post, author=thread.author, body="And the A44?", parent=thread)
    assert queued_to(thread.author) == []


def test_a_held_reply_emails_only_when_approved_and_only_once(settings, client, thread):
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    reply = comment_create(post=thread.post, author=person("Bob"), body="Held", parent=thread)
    assert reply.status == Comment.Status.PENDING
    assert queued_to(thread.author) == []
    moderator = make_user(perms=["comments.change_comment", "comments.view_comment"])
    moderator.is_staff = True
    moderator.save()
    client.force_login(moderator)
    # Approve, undo, approve again, and the same button pressed twice: one email.
    for state in ["approved", "pending", "approved", "approved"]:
        assert client.post(approve_url(reply), {"state": state}).status_code == 303
    assert queued_to(thread.author) == ["Bob Example replied to your comment on “Winter roads”"]
    assert CommentDelivery.objects.filter(comment=reply, user=thread.author).count() == 1


def test_a_reply_approved_before_its_comment_emails_when_the_comment_is_approved(thread):
    Comment.objects.filter(pk=thread.pk).update(status=Comment.Status.PENDING)
    reply = make_comment(post=thread.post, parent=thread, author=person("Bob"))
    moderator = make_user()
    comment_moderate(comments=[reply], state="approved", moderator=moderator)
    assert queued_to(thread.author) == []
    comment_moderate(
        comments=[Comment.objects.get(pk=thread.pk)], state="approved", moderator=moderator
    )
    assert len(queued_to(thread.author)) == 1


def test_rejecting_a_reply_sends_nothing(settings, thread):
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    reply = comment_create(post=thread.post, author=person("Bob"), body="Spam", parent=thread)
    comment_moderate(comments=[reply], state="spam", moderator=make_user())
    assert queued_to(thread.author) == []


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.UNPUBLISHED])
def test_no_email_about_a_post_readers_cannot_see(settings, thread, status):
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    reply = comment_create(post=thread.post, author=person("Bob"), body="Held", parent=thread)
    Post.objects.filter(pk=thread.post_id).update(status=status)
    comment_moderate(comments=[reply], state="approved", moderator=make_user())
    assert queued_to(thread.author) == []


def test_inactive_anonymised_and_addressless_accounts_get_nothing(thread):
    post = thread.post
    gone = make_comment(post=post, author=person("Gwen")).author
    user_anonymise(user=gone, actor=make_user(), remove_comments=False)
    left = make_comment(post=post, author=person("Luke", is_active=False))
    nameless = make_comment(post=post, author=make_user("noaddress"))
    bob = person("Bob")
    for comment in [Comment.objects.get(author=gone), left, nameless]:
        comment_create(post=post, author=bob, body="Reply", parent=comment)
    assert CommentDelivery.objects.exclude(user=post.author).count() == 0
    assert [message.to for message in QueuedMail.objects.all()] == [
        ["catherine@council.example"]
    ] * 3


# --- Official replies ------------------------------------------------------------------------


def test_an_official_reply_reaches_everyone_who_commented_once_each(thread):
    post = thread.post
    carol = person("Carol")
    make_comment(post=post, author=carol)
    make_comment(post=post, author=carol, parent=thread)
    rejected = make_comment(post=post, author=person("Dan"), status=Comment.Status.REJECTED)
    office = person("Office", perms=["comments.post_official_reply"])
    make_comment(post=post, author=office)
    other_post = make_comment(author=person("Olive"))

    comment_create(post=post, author=office, body="Yes.", parent=thread, is_official=True)

    # Alice's own comment got the reply, so she hears of it as a reply to her, once.
    assert queued_to(thread.author) == ["An official reply to your comment on “Winter roads”"]
    [to_alice] = delivered_to("alice@council.example")
    assert (
        "Office Example posted an official reply, for the chief executive's office, to your comment"
        in to_alice.body
    )
    assert queued_to(carol) == ["An official reply on “Winter roads”"]
    assert queued_to(rejected.author) == []
    assert queued_to(office) == []
    assert queued_to(other_post.author) == []
    [email] = delivered_to("carol@council.example")
    assert "official reply, written for the chief executive's office" in email.body


def test_an_official_reply_respects_who_turned_which_kind_off(thread):
    post = thread.post
    carol = make_comment(post=post, author=person("Carol")).author
    EmailSettings.objects.create(user=thread.author, replies=False)
    EmailSettings.objects.create(user=carol, official_replies=False)
    office = person("Office", perms=["comments.post_official_reply"])
    comment_create(post=post, author=office, body="Yes.", parent=thread, is_official=True)
    # Alice turned replies off but not official replies: she hears of it as an official reply.
    assert queued_to(thread.author) == ["An official reply on “Winter roads”"]
    assert queued_to(carol) == []


# --- New comments, for the post's author or the mailbox ---------------------------------------


def test_the_post_author_is_told_of_a_held_comment_with_the_moderation_queue(settings, thread):
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    comment_create(post=thread.post, author=person("Bob"), body="Road closed?")
    assert queued_to(thread.post.author) == ["New comment on “Winter roads” from Bob Example"]
    [email] = delivered_to("catherine@council.example")
    assert "The comment is waiting for a moderator" in email.body
    assert f"{SITE}/admin/comments/comment/?status__exact=pending" in email.body
    assert email.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/alerts/stop/new-comments/")


def test_the_post_author_is_told_of_a_published_comment_and_not_of_their_own(thread):
    post = thread.post
    comment = comment_create(post=post, author=person("Bob"), body="Thanks")
    comment_create(post=post, author=post.author, body="My own words")
    assert queued_to(post.author) == ["New comment on “Winter roads” from Bob Example"]
    [email] = delivered_to("catherine@council.example")
    assert f"Readers can see it now: {SITE}{comment.get_absolute_url()}" in email.body


def test_the_comments_mailbox_replaces_the_author(settings, thread):
    settings.CEOBLOG_COMMENTS_MAILBOX = "comms@council.example"
    post = thread.post
    comment_create(post=post, author=person("Bob"), body="Thanks")
    comment_create(post=post, author=post.author, body="Thank you, Bob")
    assert queued_to(post.author) == []
    assert queued_to("comms@council.example") == [
        "New comment on “Winter roads” from Bob Example",
        "New comment on “Winter roads” from Catherine Example",
    ]
    [email, _] = delivered_to("comms@council.example")
    assert "CEOBLOG_COMMENTS_MAILBOX" in email.body
    assert "List-Unsubscribe" not in email.extra_headers


# --- The settings page ------------------------------------------------------------------------


def test_the_follow_page_offers_reply_emails_on_by_default(client):
    client.force_login(person("Alice"))
    page = client.get(reverse("alerts:follow")).text
    assert '<h2 id="comment-emails-heading">Emails about comments</h2>' in page
    assert re.search(r'<input type="checkbox" name="replies"[^>]* checked>', page)
    assert re.search(r'<input type="checkbox" name="official_replies"[^>]* checked>', page)
    # New comments on my posts is for people who write posts.
    assert "When someone comments on one of my posts" not in page


def test_people_who_write_posts_are_offered_new_comment_emails(client, thread):
    client.force_login(thread.post.author)
    page = client.get(reverse("alerts:follow")).text
    assert re.search(r'<input type="checkbox" name="new_comments"[^>]* checked>', page)


def test_turning_reply_emails_off_stops_them(client, thread):
    client.force_login(thread.author)
    response = client.post(
        reverse("alerts:comment-emails"), {"official_replies": "on", "new_comments": "on"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert (
        "Saved. You will get an email when an official reply is posted on a post you "
        "commented on." in page
    )
    assert not re.search(r'name="replies"[^>]* checked', page)
    chosen = EmailSettings.objects.get(user=thread.author)
    # Alice writes no posts, so the forged new-comments box changed nothing.
    assert (chosen.replies, chosen.official_replies, chosen.new_comments) == (False, True, True)
    comment_create(post=thread.post, author=person("Bob"), body="Yes", parent=thread)
    assert queued_to(thread.author) == []


def test_turning_everything_off_says_so(client):
    client.force_login(person("Alice"))
    response = client.post(reverse("alerts:comment-emails"), {}, follow=True)
    assert "Saved. You will get no emails about comments." in response.text


# --- Unsubscribing ----------------------------------------------------------------------------


def unsubscribe_link(address):
    [email] = delivered_to(address)
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in email.body
    assert link in email.alternatives[0][0]
    return link.removeprefix(SITE)


def test_the_unsubscribe_link_turns_replies_off_without_signing_in(client, thread):
    comment_create(post=thread.post, author=person("Bob"), body="Yes", parent=thread)
    link = unsubscribe_link("alice@council.example")
    page = client.get(link)
    assert page.status_code == 200
    assert "This stops emails about replies to your comments" in page.text
    assert EmailSettings.objects.get(user=thread.author).replies is True
    done = client.post(link)
    assert done.status_code == 200
    assert "You will get no more emails about replies to your comments." in done.text
    chosen = EmailSettings.objects.get(user=thread.author)
    assert (chosen.replies, chosen.official_replies) == (False, True)


def test_a_mail_program_can_unsubscribe_in_one_click(client, thread):
    comment_create(post=thread.post, author=person("Bob"), body="Yes", parent=thread)
    link = unsubscribe_link("alice@council.example")
    response = client.post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert EmailSettings.objects.get(user=thread.author).replies is False


def test_an_unknown_token_or_kind_is_a_clear_404(client):
    chosen = EmailSettings.objects.create(user=person("Alice"))
    for kind, token in [("replies", "not-a-token"), ("everything", chosen.unsubscribe_token)]:
        url = reverse("alerts:comment-unsubscribe", kwargs={"kind": kind, "token": token})
        for response in [client.get(url), client.post(url)]:
            assert response.status_code == 404
            assert "This unsubscribe link is not recognised" in response.text
    chosen.refresh_from_db()
    assert (chosen.replies, chosen.official_replies, chosen.new_comments) == (True, True, True)


# --- A mail server that is down ----------------------------------------------------------------


def test_a_mail_server_that_is_down_loses_neither_the_reply_nor_its_email(
    client, thread, monkeypatch
):
    def refuse(self, messages):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    client.force_login(person("Bob"))
    response = client.post(create_url(thread.post), {"body": "Still here", "parent": thread.pk})
    assert response.status_code == 303
    assert Comment.objects.get(parent=thread).body == "Still here"
    assert mail_deliver().failed == 1
    assert QueuedMail.objects.filter(sent_at=None).count() == 2
    assert queued_to(thread.author) == ["Bob Example replied to your comment on “Winter roads”"]
    # The mail server is back: the next run after the retry time sends it, once.
    monkeypatch.undo()
    assert mail_deliver(now=timezone.now() + timedelta(hours=1)).sent == 2
    assert [m.subject for m in mail.outbox if "alice@council.example" in m.to] == [
        "Bob Example replied to your comment on “Winter roads”"
    ]


def test_a_mail_server_that_is_down_never_fails_the_approval(settings, client, thread, monkeypatch):
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    reply = comment_create(post=thread.post, author=person("Bob"), body="Held", parent=thread)

    def refuse(self, messages):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    moderator = make_user(perms=["comments.change_comment", "comments.view_comment"])
    moderator.is_staff = True
    moderator.save()
    client.force_login(moderator)
    assert client.post(approve_url(reply), {"state": "approved"}).status_code == 303
    assert Comment.objects.get(pk=reply.pk).status == Comment.Status.APPROVED
    assert mail_deliver().sent == 0
    assert queued_to(thread.author) == ["Bob Example replied to your comment on “Winter roads”"]


def test_a_failing_email_hook_never_fails_the_comment(client, thread, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr("alerts.conversations.render_to_string", broken)
    client.force_login(person("Bob"))
    response = client.post(create_url(thread.post), {"body": "Saved anyway", "parent": thread.pk})
    assert response.status_code == 303
    assert Comment.objects.get(parent=thread).body == "Saved anyway"
    # The half-done email was undone with its delivery row, so nothing claims it was sent.
    assert CommentDelivery.objects.count() == 0


# --- At the same moment, on a real database server --------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite's test database is not shared by threads"
)
def test_two_moderators_approving_at_once_send_one_email(settings):
    settings.CEOBLOG_SITE_URL = SITE
    settings.CEOBLOG_COMMENT_MODERATION = "all"
    post = make_post(title="Winter roads", author=person("Catherine"))
    parent = make_comment(post=post, author=person("Alice"))
    reply = comment_create(post=post, author=person("Bob"), body="Held", parent=parent)
    moderators = [make_user(), make_user(), make_user(), make_user()]
    start = threading.Barrier(len(moderators))
    errors = []

    def approve(moderator):
        try:
            start.wait()
            comment_moderate(
                comments=[Comment.objects.get(pk=reply.pk)], state="approved", moderator=moderator
            )
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(m,)) for m in moderators]
    for each in threads:
        each.start()
    for each in threads:
        each.join()
    assert errors == []
    assert queued_to("alice@council.example") == [
        "Bob Example replied to your comment on “Winter roads”"
    ]

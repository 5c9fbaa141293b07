"""The moderation queue: each comment whole, with one-click Approve, Reject, Spam and Reply."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from tests.helpers import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def moderate_url(comment):
    return reverse("admin:comments_comment_moderate", args=[comment.pk])


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


@pytest.fixture
def held(reader):
    post = make_post(title="Winter update")
    return make_comment(post=post, author=reader, status="pending", body="Is the depot open?")


def button_names(html):
    """Return the words of the comments' buttons and button-like links, in page order."""
    rows = "".join(re.findall(r'<div class="moderation-buttons">(.*?)</div>', html, re.S))
    found = re.findall(r'<(?:button|a class="button[^"]*")[^>]*>([^<]+)<span', rows)
    return [words.strip() for words in found]


# --- What the queue shows -----------------------------------------------------------------------


def test_the_queue_opens_on_the_comments_awaiting_moderation_with_their_count(moderator_client):
    make_comment(status="pending", body="Held words one")
    make_comment(status="pending", body="Held words two")
    make_comment(status="approved", body="Published words")
    make_comment(status="spam", body="Buy cheap watches")
    page = moderator_client.get(QUEUE).text
    assert "Held words one" in page
    assert "Held words two" in page
    assert "Published words" not in page
    assert "Buy cheap watches" not in page
    assert "Awaiting moderation (2)" in page
    # The chosen filter is marked as chosen, and "All" is one more choice, not the default.
    assert re.search(r'<li class="selected">\s*<a href="\?status__exact=pending"', page)
    everything = moderator_client.get(QUEUE, {"status__exact": "all"}).text
    assert all(words in everything for words in ("Held words one", "Published words", "cheap"))


@pytest.mark.parametrize("state", ["approved", "rejected", "spam"])
def test_the_queue_shows_one_state_when_it_is_chosen(moderator_client, state):
    make_comment(status=state, body=f"A {state} comment")
    make_comment(status="pending", body="A held comment")
    page = moderator_client.get(QUEUE, {"status__exact": state}).text
    assert f"A {state} comment" in page
    assert "A held comment" not in page


def test_an_unknown_state_in_the_address_shows_the_comments_awaiting_moderation(
    moderator_client,
):
    make_comment(status="pending", body="A held comment")
    make_comment(status="approved", body="A published comment")
    response = moderator_client.get(QUEUE, {"status__exact": "published'--"})
    assert response.status_code == 200
    assert "A held comment" in response.text
    assert "A published comment" not in response.text


def test_the_queue_shows_each_comments_whole_text_escaped_with_its_line_breaks(
    moderator_client, reader
):
    post = make_post(title="Winter update")
    long_text = " ".join(["Thank you to the gritting crews."] * 20)
    body = f"{long_text}\nSecond line <script>alert(1)</script>\n\nNew paragraph"
    make_comment(post=post, author=reader, status="pending", body=body)
    page = moderator_client.get(QUEUE).text
    assert long_text in page
    assert "Second line &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert f"{long_text}<br>Second line" in page
    assert "<p>New paragraph</p>" in page
    assert "Robin Reader" in page
    assert f'on <a href="{post.get_absolute_url()}">Winter update</a>' in page


def test_the_queue_says_when_each_comment_was_written_and_who_decided(moderator_client, moderator):
    comment = make_comment(status="pending", body="Decided words")
    comment.created_at = comment.created_at.replace(year=2026, month=3, day=9, hour=9, minute=5)
    comment.save()
    page = moderator_client.get(QUEUE).text
    assert "9 Mar 2026, " in page
    assert "Awaiting moderation</p>" in page
    moderator_client.post(moderate_url(comment), {"state": "approved"})
    done = moderator_client.get(QUEUE, {"status__exact": "approved"}).text
    assert "Approved by Morgan Moderator, " in done


def test_a_held_comment_has_approve_reject_spam_and_reply_in_that_order(moderator_client, held):
    page = moderator_client.get(QUEUE).text
    assert button_names(page) == ["Approve", "Reject", "Spam", "Reply"]
    # Each is one click: a submit button with its own address and state, within the list's form.
    for state in ("approved", "rejected", "spam"):
        assert f'name="state" value="{state}" formaction="{moderate_url(held)}"' in page, (
            f"no one-click button for {state}"
        )
    assert f'href="{reply_url(held)}"' in page
    assert 'Reply<span class="visually-hidden"> to Robin Reader</span>' in page


def test_an_approved_comment_offers_reject_and_spam_but_not_approve(moderator_client):
    make_comment(status="approved", body="Already out")
    page = moderator_client.get(QUEUE, {"status__exact": "approved"}).text
    assert button_names(page) == ["Reject", "Spam", "Reply"]


def test_a_rejected_comment_can_be_approved_but_not_replied_to(moderator_client):
    make_comment(status="rejected", body="Turned away")
    page = moderator_client.get(QUEUE, {"status__exact": "rejected"}).text
    assert button_names(page) == ["Approve", "Spam"]


def test_the_bulk_actions_stay_for_many_comments(moderator_client, held):
    page = moderator_client.get(QUEUE).text
    assert '<option value="approve_comments">Approve selected comments</option>' in page
    assert 'name="_selected_action"' in page


def test_the_queue_costs_the_same_queries_for_five_or_fifty_comments(moderator_client):
    post = make_post()
    author = make_user()

    def queries_for_queue():
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(QUEUE, {"status__exact": "all"}).status_code == 200
        return len(queries)

    parent = make_comment(post=post, author=author)
    for _ in range(4):
        make_comment(post=post, author=author, parent=parent, status="pending")
    few = queries_for_queue()
    for _ in range(45):
        make_comment(post=post, author=make_user(), parent=parent, status="pending")
    assert queries_for_queue() == few


# --- One click ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "done"),
    [("approved", "approved"), ("rejected", "rejected"), ("spam", "marked as spam")],
)
def test_one_click_sets_the_state_records_who_and_when_and_says_so(
    moderator_client, moderator, held, state, done
):
    back = QUEUE + "?status__exact=pending"
    response = moderator_client.post(moderate_url(held), {"state": state, "next": back})
    assert response.status_code == 303
    assert response["Location"] == back
    held.refresh_from_db()
    assert (held.status, held.moderated_by) == (state, moderator)
    assert held.moderated_at is not None
    page = moderator_client.get(back).text
    assert f"The comment by Robin Reader on “Winter update” was {done}." in page
    assert "Is the depot open?" not in page
    assert re.search(
        rf'<form method="post" action="{moderate_url(held)}" class="moderation-undo">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">'
        r'<input type="hidden" name="state" value="pending">',
        page,
    )


def test_undo_puts_the_comment_back_where_it_was(moderator_client, held):
    moderator_client.post(moderate_url(held), {"state": "spam"})
    response = moderator_client.post(moderate_url(held), {"state": "pending"}, follow=True)
    held.refresh_from_db()
    assert held.status == "pending"
    assert "The comment by Robin Reader on “Winter update” was put back to await moderation." in (
        response.text
    )
    assert "Is the depot open?" in response.text


def test_an_approved_comment_reaches_readers_at_once(moderator_client, held, client):
    post_page = held.post.get_absolute_url()
    other_reader = make_user("other")
    reader_view = client.__class__()
    reader_view.force_login(other_reader)
    assert "Is the depot open?" not in reader_view.get(post_page).text
    moderator_client.post(moderate_url(held), {"state": "approved"})
    assert "Is the depot open?" in reader_view.get(post_page).text


def test_the_moderator_goes_back_to_the_queue_without_a_next_address(moderator_client, held):
    response = moderator_client.post(moderate_url(held), {"state": "approved"})
    assert response["Location"] == QUEUE


@pytest.mark.parametrize(
    "elsewhere", ["https://elsewhere.example/", "//elsewhere.example/admin/", "javascript:x()"]
)
def test_a_next_address_on_another_site_is_ignored(moderator_client, held, elsewhere):
    response = moderator_client.post(moderate_url(held), {"state": "approved", "next": elsewhere})
    assert response.status_code == 303
    assert response["Location"] == QUEUE


# --- Who may, and hostile requests --------------------------------------------------------------


def test_staff_who_may_only_look_at_comments_cannot_moderate(client, held):
    client.force_login(make_user(is_staff=True, perms=["comments.view_comment"]))
    assert client.post(moderate_url(held), {"state": "approved"}).status_code == 403
    assert client.get(reply_url(held)).status_code == 403
    assert client.post(reply_url(held), {"body": "Sneaky"}).status_code == 403
    held.refresh_from_db()
    assert (held.status, held.moderated_by) == ("pending", None)
    assert Comment.objects.count() == 1


def test_readers_are_sent_to_sign_in_and_change_nothing(reader_client, held):
    response = reader_client.post(moderate_url(held), {"state": "approved"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    held.refresh_from_db()
    assert held.status == "pending"


@pytest.mark.parametrize(
    "state", ["published", "", "APPROVED", "approved ", "deleted", "approved\x00", "x" * 300]
)
def test_a_forged_state_is_refused_and_changes_nothing(moderator_client, held, state):
    response = moderator_client.post(moderate_url(held), {"state": state})
    assert response.status_code == 400
    assert "Choose Approve, Reject or Spam" in response.text
    held.refresh_from_db()
    assert (held.status, held.moderated_by) == ("pending", None)


def test_a_missing_state_is_refused(moderator_client, held):
    assert moderator_client.post(moderate_url(held), {}).status_code == 400


@pytest.mark.parametrize(
    "object_id", ["999999", "abc", "1.5", "-1", "99999999999999999999", "%00", "1%20OR%201=1"]
)
def test_a_comment_that_does_not_exist_is_not_found(moderator_client, held, object_id):
    moderate = f"/admin/comments/comment/{object_id}/moderate/"
    assert moderator_client.post(moderate, {"state": "approved"}).status_code == 404
    assert moderator_client.get(f"/admin/comments/comment/{object_id}/reply/").status_code == 404
    held.refresh_from_db()
    assert held.status == "pending"


def test_opening_a_button_address_is_not_allowed(moderator_client, held):
    assert moderator_client.get(moderate_url(held)).status_code == 405


def test_a_button_without_the_csrf_token_is_refused(moderator, held):
    from django.test import Client

    careful = Client(enforce_csrf_checks=True)
    careful.force_login(moderator)
    assert careful.post(moderate_url(held), {"state": "approved"}).status_code == 403
    held.refresh_from_db()
    assert held.status == "pending"


# --- Reply --------------------------------------------------------------------------------------


def test_reply_opens_a_box_under_the_whole_comment(moderator_client, held):
    page = moderator_client.get(reply_url(held)).text
    assert "<title>Reply to Robin Reader | " in page
    assert "<p>Is the depot open?</p>" in page
    assert '<label for="id_body" class="required">Your reply</label>' in page
    assert re.search(r"<textarea [^>]*autofocus[^>]*>", page)
    # A held comment is approved by replying to it, as the button says.
    assert 'value="Approve and reply"' in page
    assert "official reply" not in page


def test_a_reply_is_published_under_the_comment_and_approves_it(moderator_client, moderator, held):
    back = QUEUE + "?status__exact=pending"
    response = moderator_client.post(
        reply_url(held), {"body": "Yes, from 7am.", "next": back, "is_official": "on"}
    )
    assert response.status_code == 303
    assert response["Location"] == back
    reply = Comment.objects.get(body="Yes, from 7am.")
    assert (reply.parent, reply.author, reply.status) == (held, moderator, "approved")
    # Only the chief executive's office may post official replies; the box was not offered.
    assert not reply.is_official
    held.refresh_from_db()
    assert (held.status, held.moderated_by) == ("approved", moderator)
    page = moderator_client.get(back).text
    assert "Your reply to Robin Reader is published." in page
    assert f'<a href="{reply.get_absolute_url()}">See it on the post</a>' in page


def test_a_reply_to_a_reply_joins_its_thread(moderator_client, moderator):
    top = make_comment(body="Top")
    answer = make_comment(post=top.post, parent=top, body="Answer")
    page = moderator_client.get(reply_url(answer)).text
    assert 'value="Post reply"' in page
    moderator_client.post(reply_url(answer), {"body": "Joining in"})
    assert Comment.objects.get(body="Joining in").parent == top


def test_the_chief_executives_office_may_reply_officially(client, held):
    office = make_user(
        "office",
        is_staff=True,
        perms=["comments.change_comment", "comments.post_official_reply"],
    )
    client.force_login(office)
    page = client.get(reply_url(held)).text
    assert "Post as an official reply from the chief executive&#x27;s office" in page
    client.post(reply_url(held), {"body": "From the office", "is_official": "on"})
    assert Comment.objects.get(body="From the office").is_official


def test_an_empty_reply_is_refused_with_a_message(moderator_client, held):
    response = moderator_client.post(reply_url(held), {"body": "  "})
    assert response.status_code == 400
    assert "<title>Error: Reply to Robin Reader" in response.text
    assert "Write your reply before posting it." in response.text
    assert Comment.objects.count() == 1
    held.refresh_from_db()
    assert held.status == "pending"


def test_a_reply_too_long_is_refused_and_kept(moderator_client, held):
    words = "word " * 1100
    response = moderator_client.post(reply_url(held), {"body": words})
    assert response.status_code == 400
    assert "Shorten it to 5,000 characters or fewer." in response.text
    assert words.strip() in response.text
    assert Comment.objects.count() == 1


def test_a_reply_on_a_closed_post_is_refused_and_kept(moderator_client, held):
    held.post.comments_open = False
    held.post.save()
    response = moderator_client.post(reply_url(held), {"body": "Too late for this"})
    assert response.status_code == 403
    assert "Comments are closed on this post, so replies are too." in response.text
    assert "Too late for this" in response.text
    held.refresh_from_db()
    assert held.status == "pending"
    assert Comment.objects.count() == 1


def test_a_rejected_comment_takes_no_reply(moderator_client):
    rejected = make_comment(status="rejected", body="Turned away")
    page = moderator_client.get(reply_url(rejected)).text
    assert "This comment is not shown to readers, so a reply to it would not be seen" in page
    assert "<textarea" not in page
    response = moderator_client.post(reply_url(rejected), {"body": "Hello"})
    assert response.status_code == 400
    assert Comment.objects.count() == 1


# --- The page a moderator's email links to ------------------------------------------------------


def test_the_emailed_link_opens_the_whole_comment_with_one_click_buttons(
    moderator_client, moderator, held
):
    page_url = reverse("admin:comments_comment_change", args=[held.pk])
    page = moderator_client.get(page_url).text
    assert "<h1>Comment by Robin Reader</h1>" in page
    assert "<p>Is the depot open?</p>" in page
    assert 'name="status"' not in page
    assert button_names(page) == ["Approve", "Reject", "Spam", "Reply"]
    assert f'<input type="hidden" name="next" value="{page_url}">' in page
    response = moderator_client.post(
        moderate_url(held), {"state": "approved", "next": page_url}, follow=True
    )
    assert response.redirect_chain == [(page_url, 303)]
    assert "The comment by Robin Reader on “Winter update” was approved." in response.text
    assert "Approved by Morgan Moderator, " in response.text
    assert button_names(response.text) == ["Reject", "Spam", "Reply"]


@pytest.mark.parametrize("object_id", ["999999", "abc", "99999999999999999999"])
def test_the_comment_page_of_a_comment_that_does_not_exist_is_not_found(
    moderator_client, object_id
):
    assert moderator_client.get(f"/admin/comments/comment/{object_id}/change/").status_code == 404


# --- The page's script: the same buttons without a new page --------------------------------------


@pytest.mark.parametrize(
    ("layout", "in_card", "not_in_card"),
    [
        ("row", 'formaction="/admin/comments/comment/', "<form"),
        ("form", '<form method="post" action="/admin/comments/comment/', "formaction"),
        ("post", '<form method="post"', "Winter update</a>"),
    ],
)
def test_the_script_gets_the_redrawn_comment_and_what_to_say(
    moderator_client, held, layout, in_card, not_in_card
):
    response = moderator_client.post(
        moderate_url(held),
        {"state": "rejected", "layout": layout},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["message"] == "The comment by Robin Reader on “Winter update” was rejected."
    assert answer["undo"] == "pending"
    assert "Rejected by Morgan Moderator, " in answer["card"]
    assert in_card in answer["card"]
    assert not_in_card not in answer["card"]
    held.refresh_from_db()
    assert held.status == "rejected"
    # Said by the script, so not said again on the next page.
    assert "was rejected" not in moderator_client.get(QUEUE).text


def test_the_script_is_refused_like_the_form(moderator_client, held):
    forged = moderator_client.post(
        moderate_url(held), {"state": "published"}, headers={"Accept": "application/json"}
    )
    assert forged.status_code == 400
    held.refresh_from_db()
    assert held.status == "pending"

"""A post's admin page for moderators, and the reader's page's link into the admin for staff."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.roles import MODERATORS
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.helpers import make_comment, make_photo, make_post, make_user

pytestmark = pytest.mark.django_db

BODY = "<h2>Gritting</h2><p>Thank you to the <strong>crews</strong> out before dawn.</p>"


def in_group(username, group_name, **fields):
    call_command("setup_roles", verbosity=0)
    user = make_user(username, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def close_url(post):
    return reverse("admin:posts_post_comments_close", args=[post.pk])


def open_url(post):
    return reverse("admin:posts_post_comments_open", args=[post.pk])


# --- The post as readers see it -----------------------------------------------------------------


def test_a_moderator_sees_the_post_as_readers_do_not_its_html(group_moderator_client):
    when = timezone.make_aware(timezone.datetime(2026, 3, 9, 9, 0))
    post = make_post(title="Thank you, gritting crews", body=BODY, published_at=when)
    response = group_moderator_client.get(change_url(post))
    assert response.status_code == 200
    page = response.text
    assert '<h1 id="post-title">Thank you, gritting crews</h1>' in page
    assert "Published on <time datetime=" in page
    assert "Monday 9 March 2026 at 09:00</time>" in page
    assert "by Alex Author" in page
    assert BODY in page
    assert "&lt;h2&gt;" not in page
    assert f'<a href="{post.get_absolute_url()}">Open this post on the blog</a>' in page
    history = reverse("admin:posts_post_history", args=[post.pk])
    assert f'<a href="{history}" class="historylink">History</a>' in page
    # No form to fill in, and no button named "Close" that only leaves the page.
    assert "<textarea" not in page
    assert 'name="title"' not in page
    assert ">Close<" not in page
    assert "closelink" not in page


def test_the_featured_photo_and_tags_are_shown_as_readers_see_them(group_moderator_client):
    photo = make_photo(alt_text="A gritter at dawn", caption="Out before dawn on the A28.")
    post = make_post(featured_photo=photo, tags=["Highways", "Thanks"])
    page = group_moderator_client.get(change_url(post)).text
    assert re.search(r'<picture>.*alt="A gritter at dawn"', page, re.S)
    assert '<figcaption><span class="post-featured__caption">Out before dawn on the A28.' in page
    tags = r'<p class="post-tags">Tags:\s*<a href="/tag/highways/" rel="tag">Highways</a>, '
    assert re.search(tags, page)


def test_a_scheduled_post_says_readers_cannot_see_it_yet(group_moderator_client):
    post = make_post(published_at=timezone.now() + timedelta(days=3))
    page = group_moderator_client.get(change_url(post)).text
    assert "Scheduled for <time" in page
    assert ": readers cannot see it yet" in page
    assert "Open this post on the blog" not in page
    assert "Comments will open when the post is published." in page


def test_a_draft_says_so(group_moderator_client):
    page = group_moderator_client.get(change_url(make_post(status=Post.Status.DRAFT))).text
    assert "Draft: readers cannot see it" in page


def test_the_post_shows_its_comments_oldest_first_with_their_buttons(
    group_moderator_client, reader
):
    post = make_post()
    now = timezone.now()
    make_comment(post=post, body="First words", created_at=now - timedelta(hours=3))
    make_comment(post=post, author=reader, body="Held words", status="pending", created_at=now)
    make_comment(post=post, body="Turned away", status="spam", created_at=now - timedelta(hours=2))
    make_comment(body="On another post")
    page = group_moderator_client.get(change_url(post)).text
    assert page.index("First words") < page.index("Turned away") < page.index("Held words")
    assert "On another post" not in page
    held = post.comments.get(body="Held words")
    # Each comment's buttons are a small form of their own, with its token, back to this page.
    form = re.search(
        rf'<form method="post" action="/admin/comments/comment/{held.pk}/moderate/">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">'
        rf'<input type="hidden" name="next" value="{change_url(post)}">(.*?)</form>',
        page,
        re.S,
    )
    assert form is not None
    buttons = re.findall(r'name="state" value="(\w+)">(\w+)<span', form.group(1))
    assert buttons == [("approved", "Approve"), ("rejected", "Reject"), ("spam", "Spam")]
    assert "Awaiting moderation</p>" in page
    assert "Spam</p>" in page


def test_approving_from_the_post_page_comes_back_to_it(
    group_moderator_client, group_moderator, reader
):
    post = make_post(title="Winter update")
    held = make_comment(post=post, author=reader, status="pending", body="Held words")
    response = group_moderator_client.post(
        reverse("admin:comments_comment_moderate", args=[held.pk]),
        {"state": "approved", "next": change_url(post)},
    )
    assert response["Location"] == change_url(post)
    page = group_moderator_client.get(change_url(post)).text
    assert "The comment by Robin Reader on “Winter update” was approved." in page
    assert "Approved by Morgan Moderator, " in page


def test_a_post_without_comments_says_so(group_moderator_client):
    page = group_moderator_client.get(change_url(make_post())).text
    assert "Nobody has commented on this post yet." in page


def test_editors_still_get_the_form_to_edit_the_post(client):
    editor = in_group("comms", COMMUNICATIONS)
    client.force_login(editor)
    post = make_post(title="Editable")
    page = client.get(change_url(post)).text
    assert 'name="title"' in page
    assert "Open this post on the blog" not in page


def test_staff_who_may_not_look_at_posts_cannot_open_the_page(client):
    client.force_login(make_user(is_staff=True, perms=["comments.change_comment"]))
    assert client.get(change_url(make_post())).status_code == 403


@pytest.mark.parametrize("object_id", ["999999", "abc", "99999999999999999999", "1.5"])
def test_a_post_that_does_not_exist_is_not_found(group_moderator_client, object_id):
    assert group_moderator_client.get(f"/admin/posts/post/{object_id}/change/").status_code == 404
    assert group_moderator_client.post(
        f"/admin/posts/post/{object_id}/comments/close/"
    ).status_code == (404)
    assert (
        group_moderator_client.post(f"/admin/posts/post/{object_id}/comments/open/").status_code
        == 404
    )


# --- One button to close or open comments -------------------------------------------------------


def test_one_button_closes_comments_and_the_page_then_offers_to_open_them(group_moderator_client):
    post = make_post(title="Winter update")
    page = group_moderator_client.get(change_url(post)).text
    assert '<p class="post-comments-admin__state">Comments are open.</p>' in page
    assert f'action="{close_url(post)}"' in page
    assert re.findall(r'<button type="submit" class="button">([^<]+)</button>', page) == [
        "Close comments"
    ]
    response = group_moderator_client.post(close_url(post), {"next": change_url(post)})
    assert response.status_code == 303
    assert response["Location"] == change_url(post)
    post.refresh_from_db()
    assert not post.comments_open
    page = group_moderator_client.get(change_url(post)).text
    assert "Comments closed on “Winter update”." in page
    assert "Comments are closed. The comments already here stay visible." in page
    assert f'action="{open_url(post)}"' in page
    assert ">Open comments</button>" in page


def test_closing_comments_shows_at_once_to_readers(group_moderator_client, reader):
    post = make_post()
    reader_client = Client()
    reader_client.force_login(reader)
    assert "Comments are closed." not in reader_client.get(post.get_absolute_url()).text
    assert group_moderator_client.post(close_url(post)).status_code == 303
    assert "Comments are closed." in reader_client.get(post.get_absolute_url()).text


def test_opening_comments_clears_a_closing_time_that_has_passed(group_moderator_client):
    post = make_post(title="Timed", comments_close_at=timezone.now() - timedelta(days=1))
    page = group_moderator_client.get(change_url(post)).text
    assert "Comments closed on " in page
    assert ">Open comments</button>" in page
    response = group_moderator_client.post(open_url(post), follow=True)
    assert "Comments opened on “Timed”." in response.text
    post.refresh_from_db()
    assert (post.comments_open, post.comments_close_at) == (True, None)


def test_a_closing_time_still_to_come_is_said(group_moderator_client):
    later = timezone.now() + timedelta(days=2)
    page = group_moderator_client.get(change_url(make_post(comments_close_at=later))).text
    assert "Comments are open until " in page
    assert ">Close comments</button>" in page


def test_a_post_closed_by_age_explains_and_offers_no_button(group_moderator_client, settings):
    settings.CEOBLOG_CLOSE_COMMENTS_AFTER_DAYS = 30
    post = make_post(title="Old news", published_at=timezone.now() - timedelta(days=60))
    page = group_moderator_client.get(change_url(post)).text
    assert "the site closes comments on posts more than 30 days old" in page
    assert "Open comments</button>" not in page
    assert "Close comments</button>" not in page
    response = group_moderator_client.post(open_url(post), follow=True)
    assert "Comments stay closed on “Old news”" in response.text


def test_staff_without_the_open_and_close_permission_get_no_button_and_a_403(client):
    viewer = make_user(is_staff=True, perms=["posts.view_post", "comments.change_comment"])
    client.force_login(viewer)
    post = make_post()
    page = client.get(change_url(post)).text
    assert "Comments are open." in page
    assert "Close comments</button>" not in page
    assert client.post(close_url(post)).status_code == 403
    post.refresh_from_db()
    assert post.comments_open


def test_staff_who_cannot_moderate_see_comments_without_buttons(client):
    client.force_login(make_user(is_staff=True, perms=["posts.view_post"]))
    post = make_post()
    make_comment(post=post, body="Plain words")
    page = client.get(change_url(post)).text
    assert "Plain words" in page
    assert "/moderate/" not in page


def test_the_switch_buttons_take_only_a_form(group_moderator_client):
    post = make_post()
    assert group_moderator_client.get(close_url(post)).status_code == 405
    assert group_moderator_client.get(open_url(post)).status_code == 405


# --- "Edit this post" on the reader's page ------------------------------------------------------


def edit_link(post):
    return f'<a href="{change_url(post)}">Edit this post</a>'


def test_staff_who_may_change_posts_get_an_edit_link_and_readers_never_do(reader):
    post = make_post()
    editor = in_group("comms", COMMUNICATIONS)
    group_moderator = in_group("mo2", MODERATORS)
    not_staff = make_user("writer", perms=["posts.change_post"])
    visits = []
    # Each order matters: the page is cached once and shared, and the link must be filled in
    # for each person, never kept in the shared copy.
    for user in (editor, group_moderator, None, not_staff, editor):
        visitor = Client()
        visitor.force_login(user or reader)
        visits.append(visitor.get(post.get_absolute_url()).text)
    as_editor, as_moderator, as_reader, as_not_staff, as_editor_again = visits
    assert edit_link(post) in as_editor
    assert edit_link(post) in as_editor_again
    assert "Edit this post" not in as_moderator
    assert f'<a href="{change_url(post)}">Moderate this post’s comments</a>' in as_moderator
    for page in (as_reader, as_not_staff):
        assert "Edit this post" not in page
        assert "Moderate this post" not in page
        assert "/admin/" not in page


def test_the_page_costs_the_same_queries_for_two_or_forty_comments(group_moderator_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post = make_post()
    top = make_comment(post=post)
    make_comment(post=post, parent=top, status="pending")

    def queries_for_page():
        with CaptureQueriesContext(connection) as queries:
            assert group_moderator_client.get(change_url(post)).status_code == 200
        return len(queries)

    few = queries_for_page()
    for _ in range(38):
        make_comment(post=post, parent=top, author=make_user(), moderated_by=make_user())
    assert queries_for_page() == few

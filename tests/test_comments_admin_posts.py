"""Opening and closing comments from the post admin: the editable column and bulk actions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.roles import MODERATORS
from posts.models import Post
from tests.helpers import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:posts_post_changelist"


def run_action(client, action, posts):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [post.pk for post in posts]},
        follow=True,
    )


def test_bulk_close_comments_closes_only_the_selected_posts(admin_client):
    first, second, other = make_post(), make_post(), make_post()
    response = run_action(admin_client, "close_comments", [first, second])
    assert "Comments closed on 2 posts." in response.text
    states = dict(Post.objects.values_list("pk", "comments_open"))
    assert states == {first.pk: False, second.pk: False, other.pk: True}


def test_bulk_open_comments_reopens_and_clears_a_passed_close_time(admin_client):
    closed = make_post(comments_open=False)
    timed_out = make_post(comments_close_at=timezone.now() - timedelta(days=1))
    later = timezone.now() + timedelta(days=5)
    scheduled = make_post(comments_open=False, comments_close_at=later)
    response = run_action(admin_client, "open_comments", [closed, timed_out, scheduled])
    assert "Comments opened on 3 posts." in response.text
    for post in (closed, timed_out, scheduled):
        post.refresh_from_db()
        assert post.comments_open
    assert timed_out.comments_close_at is None
    assert scheduled.comments_close_at == later


def test_opening_a_post_closed_by_age_warns_that_it_stays_closed(admin_client, settings):
    settings.CEOBLOG_CLOSE_COMMENTS_AFTER_DAYS = 30
    old = make_post(title="An old post", comments_open=False)
    Post.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=60))
    response = run_action(admin_client, "open_comments", [old])
    assert "Comments opened on 0 posts." in response.text
    assert "Still closed because the site closes comments on posts this old: “An old post”." in (
        response.text
    )


def test_comments_are_closed_from_the_list_which_then_says_so(admin_client):
    # The list has no editable comments column (it would not fit a 1280-pixel window): the
    # actions close and open comments, and the Comments column says which posts are closed.
    post = make_post(title="Talked about")
    assert ", closed" not in admin_client.get(reverse(CHANGELIST)).text
    response = run_action(admin_client, "close_comments", [post])
    assert "Comments closed on 1 post." in response.text
    post.refresh_from_db()
    assert not post.comments_open
    assert ">0</a>, closed" in admin_client.get(reverse(CHANGELIST)).text


def test_a_moderator_can_close_comments_without_editing_posts(client):
    call_command("setup_roles", verbosity=0)
    moderator = make_user("mo", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    post = make_post(title="Original title")
    response = run_action(client, "close_comments", [post])
    assert "Comments closed on 1 post." in response.text
    post.refresh_from_db()
    assert not post.comments_open
    change = client.post(
        reverse("admin:posts_post_change", args=[post.pk]), {"title": "Changed by a moderator"}
    )
    assert change.status_code == 403
    post.refresh_from_db()
    assert post.title == "Original title"


def test_post_list_shows_each_posts_comment_count_linking_to_its_comments(admin_client):
    post = make_post(title="Talked about")
    make_comment(post=post)
    make_comment(post=post, status=Comment.Status.PENDING)
    make_post(title="Quiet")
    text = admin_client.get("/admin/posts/post/").text
    # The queue opens on the comments awaiting moderation, so the link asks for all of them.
    queue_url = f"/admin/comments/comment/?post__id__exact={post.pk}&status__exact=all"
    assert f'<a href="{queue_url.replace("&", "&amp;")}">2</a>' in text
    queue = admin_client.get(queue_url)
    assert queue.status_code == 200
    assert "2 comments" in queue.text

"""Comments open or closed: by the per-post switch, a close-at time, or the site's age limit."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.services import comments_are_open
from posts.models import Post
from tests.helpers import make_comment, make_post

pytestmark = pytest.mark.django_db

CLOSED_NOTICE = '<p class="comments-closed">Comments are closed.</p>'


def create_url(post):
    return reverse("comments:create", kwargs={"post_id": post.pk})


def closed_by_admin(settings):
    return make_post(comments_open=False)


def closed_at_a_passed_time(settings):
    return make_post(comments_close_at=timezone.now() - timedelta(minutes=1))


def closed_by_age(settings):
    settings.CEOBLOG_CLOSE_COMMENTS_AFTER_DAYS = 30
    return make_post(published_at=timezone.now() - timedelta(days=31))


CLOSED_STATES = [closed_by_admin, closed_at_a_passed_time, closed_by_age]


def test_open_post_shows_the_form_and_no_closed_notice(reader_client):
    post = make_post()
    response = reader_client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert 'id="comment-form"' in response.text
    assert f'action="{create_url(post)}#comment-form"' in response.text
    assert "Comments are closed." not in response.text


@pytest.mark.parametrize("make_closed", CLOSED_STATES)
def test_closed_post_shows_the_notice_instead_of_the_form(reader_client, settings, make_closed):
    post = make_closed(settings)
    response = reader_client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert CLOSED_NOTICE in response.text
    assert 'id="comment-form"' not in response.text


@pytest.mark.parametrize("make_closed", CLOSED_STATES)
def test_closed_post_keeps_showing_its_approved_comments(reader_client, settings, make_closed):
    post = make_closed(settings)
    make_comment(post=post, body="Said while comments were open.")
    response = reader_client.get(post.get_absolute_url())
    assert "Said while comments were open." in response.text
    assert '<h2 id="comments-title">1 Comment</h2>' in response.text
    assert CLOSED_NOTICE in response.text


@pytest.mark.parametrize("make_closed", CLOSED_STATES)
def test_posting_to_a_closed_post_is_refused_and_saves_nothing(
    reader_client, settings, make_closed
):
    post = make_closed(settings)
    response = reader_client.post(create_url(post), {"body": "Am I too late?"})
    assert response.status_code == 403
    assert "are closed, so your comment was not saved" in response.text
    # The refused text is shown back, so the person can keep a copy.
    assert "Am I too late?" in response.text
    assert not Comment.objects.exists()


def test_a_close_at_time_still_to_come_leaves_comments_open(reader_client):
    post = make_post(comments_close_at=timezone.now() + timedelta(hours=1))
    assert comments_are_open(post)
    assert 'id="comment-form"' in reader_client.get(post.get_absolute_url()).text
    assert not comments_are_open(post, now=timezone.now() + timedelta(hours=2))


def test_age_limit_off_by_default_keeps_old_posts_open(settings):
    assert settings.CEOBLOG_CLOSE_COMMENTS_AFTER_DAYS == 0
    assert comments_are_open(make_post(published_at=timezone.now() - timedelta(days=3650)))


def test_age_limit_closes_only_posts_older_than_the_limit(settings):
    settings.CEOBLOG_CLOSE_COMMENTS_AFTER_DAYS = 30
    assert comments_are_open(make_post(published_at=timezone.now() - timedelta(days=29)))
    assert not comments_are_open(make_post(published_at=timezone.now() - timedelta(days=31)))


def test_posting_to_a_draft_or_scheduled_post_is_not_found(reader_client):
    draft = make_post(status=Post.Status.DRAFT)
    scheduled = make_post(published_at=timezone.now() + timedelta(days=1))
    for post in (draft, scheduled):
        assert reader_client.post(create_url(post), {"body": "Hello"}).status_code == 404
    assert not Comment.objects.exists()


def test_editor_previewing_a_draft_sees_comments_closed(editor_client):
    draft = make_post(status=Post.Status.DRAFT)
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert CLOSED_NOTICE in response.text

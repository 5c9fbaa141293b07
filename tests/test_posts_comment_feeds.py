"""The feed of a post's comments; it exists once the comments app is installed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_moderate  # noqa: E402
from posts.models import Post
from tests.helpers import make_post, make_user, parse_feed

pytestmark = pytest.mark.django_db


def comment_on(post, body, status=Comment.Status.APPROVED, **fields):
    author = fields.pop("author", None) or make_user(first_name="Casey", last_name="Commenter")
    return Comment.objects.create(post=post, author=author, body=body, status=status, **fields)


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_comment_feed_lists_only_approved_comments(reader_client, suffix):
    post = make_post(title="Winter roads")
    comment_on(post, "Well done <crews> & thanks!", created_at=timezone.now() - timedelta(hours=2))
    comment_on(post, "Waiting for a moderator", status=Comment.Status.PENDING)
    comment_on(post, "Buy cheap watches", status=Comment.Status.SPAM)

    response = reader_client.get(f"{post.get_absolute_url()}{suffix}")

    feed = parse_feed(response)
    assert response.status_code == 200
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Comment by Casey Commenter"]
    assert "Well done &lt;crews&gt; &amp; thanks!" in feed.entries[0].summary
    comment = Comment.objects.get(status=Comment.Status.APPROVED)
    assert feed.entries[0].link.endswith(f"{post.get_absolute_url()}#comment-{comment.pk}")
    assert feed.entries[0].id.endswith(f":comment/{comment.pk}")


def test_comment_feed_answers_a_conditional_request_with_304(reader_client):
    post = make_post()
    comment_on(post, "First!")
    address = f"{post.get_absolute_url()}feed/"
    first = reader_client.get(address)

    assert reader_client.get(address, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_approving_a_comment_changes_the_feed(reader_client):
    post = make_post()
    waiting = comment_on(post, "Held for moderation", status=Comment.Status.PENDING)
    address = f"{post.get_absolute_url()}feed/"
    first = reader_client.get(address)
    comment_moderate(
        comments=[waiting], state=Comment.Status.APPROVED, moderator=make_user(is_staff=True)
    )

    again = reader_client.get(address, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert len(parse_feed(again).entries) == 1


def test_comment_feed_of_a_draft_or_future_post_is_404(reader_client):
    draft = make_post(status=Post.Status.DRAFT)
    future = make_post(published_at=timezone.now() + timedelta(days=1))

    assert reader_client.get(f"{draft.get_absolute_url()}feed/").status_code == 404
    assert reader_client.get(f"{future.get_absolute_url()}feed/").status_code == 404

"""The admin's busiest pages cost the same number of queries however big the blog grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from comments.models import Comment
from tests.helpers import make_comment, make_many_posts, make_post, make_user

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def grow(post, *, posts, comments):
    """Add posts with tags, and comments by different people, some awaiting moderation."""
    author = make_user()
    tags = [
        Tag.objects.get_or_create(name=f"tag {number}", slug=f"tag-{number}")[0]
        for number in range(3)
    ]
    make_many_posts(posts, author=author, tags=tags)
    post.tags.add(*tags)
    for number in range(comments):
        parent = make_comment(
            post=post,
            author=make_user(first_name=f"Person {number}"),
            status=Comment.Status.PENDING if number % 2 else Comment.Status.APPROVED,
        )
        if number % 3 == 0:
            make_comment(post=post, author=author, parent=parent, status=Comment.Status.PENDING)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/posts/post/",
        "/admin/comments/comment/",
        "/admin/comments/comment/?status__exact=all",
        "/admin/posts/post/{pk}/change/",
    ],
)
def test_admin_pages_cost_as_many_queries_with_a_big_blog_as_with_a_small_one(admin_client, url):
    post = make_post(title="The busy post")
    grow(post, posts=2, comments=2)
    url = url.format(pk=post.pk)
    admin_client.get(url)  # The first request also reads what is then kept (content types).
    small = queries_for(admin_client, url)

    grow(post, posts=40, comments=30)

    assert queries_for(admin_client, url) == small

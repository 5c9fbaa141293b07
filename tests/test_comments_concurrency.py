"""Two people posting on the same post at the same moment, on a real database server."""

import threading

import pytest
from django.db import connection

from comments.models import Comment
from comments.services import comment_create
from tests.helpers import make_post, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="SQLite's test database is not shared by threads"
    ),
]


def test_two_comments_posted_concurrently_are_both_saved(settings):
    settings.CEOBLOG_COMMENT_MODERATION = "none"
    post = make_post()
    people = [make_user(), make_user()]
    start = threading.Barrier(len(people))
    errors = []

    def post_comment(author):
        try:
            start.wait()
            comment_create(post=post, author=author, body=f"From {author.username}")
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post_comment, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Comment.objects.values_list("body", flat=True)) == sorted(
        f"From {person.username}" for person in people
    )

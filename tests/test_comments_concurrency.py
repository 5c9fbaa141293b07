"""Two people posting on the same post at the same moment, on a real database server."""

import threading

import pytest
from django.db import connection

from comments.models import Comment
from comments.services import CommentRateLimited, comment_create
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


def test_sixteen_comments_sent_at_once_by_one_person_keep_to_the_limit_of_five(settings):
    settings.CEOBLOG_COMMENT_MODERATION = "none"
    settings.CEOBLOG_COMMENTS_PER_MINUTE = 5
    post = make_post()
    author = make_user()
    attempts = 16
    start = threading.Barrier(attempts)
    outcomes = []

    def post_comment(number):
        try:
            start.wait()
            comment_create(post=post, author=author, body=f"Attempt {number}")
            outcomes.append("saved")
        except CommentRateLimited:
            outcomes.append("refused")
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=post_comment, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 11 + ["saved"] * 5
    assert Comment.objects.filter(author=author).count() == 5

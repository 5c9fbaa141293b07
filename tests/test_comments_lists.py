"""Comment counts on list pages, and the cost of a post page with many comments."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.helpers import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db


def link(post, label):
    return f'<a href="{post.get_absolute_url()}#comments">{label}</a>'


def test_every_post_in_a_list_shows_its_comment_count_or_closed(reader_client):
    none = make_post()
    one = make_post()
    three = make_post()
    closed = make_post(comments_open=False)
    closed_with_comments = make_post(comments_open=False)
    make_comment(post=one)
    for _ in range(3):
        make_comment(post=three)
    make_comment(post=three, status="pending")
    make_comment(post=closed_with_comments)
    page = reader_client.get("/").text
    assert link(none, "No Comments") in page
    assert link(one, "1 Comment") in page
    assert link(three, "3 Comments") in page
    assert link(closed, "Comments Closed") in page
    # Once there is a discussion, a closed post still shows how many took part.
    assert link(closed_with_comments, "1 Comment") in page


def test_tag_author_and_archive_lists_show_counts_too(reader_client):
    author = make_user("kim", first_name="Kim", last_name="Writer")
    post = make_post(author=author, tags=["thanks"])
    make_comment(post=post)
    local = post.local_published_at()
    for url in (
        "/tag/thanks/",
        "/author/kim/",
        f"/{local:%Y}/",
        f"/{local:%Y}/{local:%m}/",
        f"/{local:%Y}/{local:%m}/{local:%d}/",
    ):
        assert link(post, "1 Comment") in reader_client.get(url).text, url


def test_list_counts_cost_no_query_per_post(reader_client, reader):
    def queries_for_home():
        reader_client.get("/")  # warm up the session and the user
        with CaptureQueriesContext(connection) as queries:
            assert reader_client.get("/").status_code == 200
        return len(queries)

    for _ in range(2):
        make_comment(post=make_post())
    few = queries_for_home()
    for _ in range(8):
        post = make_post()
        make_comment(post=post)
        make_comment(post=post)
    assert queries_for_home() == few


def comment_page_queries(client, post):
    client.get(post.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("own_pending", [True, False], ids=["own comment held", "none held"])
def test_a_post_page_with_200_comments_costs_the_same_queries_as_with_2(client, own_pending):
    reader = make_user(first_name="Robin", last_name="Reader")
    client.force_login(reader)
    small, big = make_post(), make_post()
    start = timezone.now() - timedelta(days=1)
    for number in range(2):
        make_comment(post=small, created_at=start + timedelta(minutes=number))
    authors = [make_user(first_name=f"Person{n}", last_name="Staff") for n in range(20)]
    for number in range(100):
        parent = make_comment(
            post=big, author=authors[number % 20], created_at=start + timedelta(minutes=number)
        )
        make_comment(
            post=big,
            author=authors[(number + 1) % 20],
            parent=parent,
            created_at=start + timedelta(minutes=number, seconds=30),
        )
    if own_pending:
        # The reader's own held comments are shown to them alone, on both posts alike.
        for post in (small, big):
            make_comment(post=post, author=reader, status="pending")
    small_count, _ = comment_page_queries(client, small)
    big_count, response = comment_page_queries(client, big)
    assert '<h2 id="comments-title">200 Comments</h2>' in response.text
    shown = response.text.count('class="comment ') + response.text.count('class="comment"')
    assert shown == 200 + own_pending
    assert big_count == small_count, (small_count, big_count)

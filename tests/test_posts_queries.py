import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/page/2/",
    "/{year}/",
    "/{year}/{month:02d}/",
    "/tag/thanks/",
    "/author/chiefexec/",
    "{detail}",
]


def make_posts(count, author):
    start = timezone.now() - timedelta(days=2)
    posts = [
        make_post(
            author=author, published_at=start - timedelta(minutes=n), tags=["thanks", f"t{n}"]
        )
        for n in range(count)
    ]
    return posts[0]


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def page_paths(post):
    local = timezone.localtime(post.published_at)
    return [
        page.format(year=local.year, month=local.month, detail=post.get_absolute_url())
        for page in PAGES
    ]


def test_query_count_of_each_page_does_not_grow_with_the_number_of_posts(client):
    author = make_user("chiefexec")
    reader = make_user("reader")
    client.force_login(reader)
    first = make_posts(12, author)
    small = {path: queries_for(client, path) for path in page_paths(first)}
    make_posts(100, author)
    large = {path: queries_for(client, path) for path in page_paths(first)}
    assert large == small


def test_home_page_stays_within_its_query_budget(client, django_assert_max_num_queries):
    client.force_login(make_user("reader"))
    make_posts(15, make_user("chiefexec"))
    # session, user and content version; the count (stored, less what the clock hides), posts
    # and their tags; the sidebar: what the clock hides, months, tags and recent posts, then
    # the most read this month and the recent comments; the site's pages listed at the foot
    with django_assert_max_num_queries(14):
        client.get("/")


def test_a_readers_post_page_loads_no_permissions_to_find_a_published_post(client):
    # Whether the reader may preview drafts (Django loading every permission they hold, two
    # queries) matters only when the address finds no post readers may see.
    client.force_login(make_user("reader"))
    post = make_post(tags=["thanks"])

    with CaptureQueriesContext(connection) as queries:
        assert client.get(post.get_absolute_url()).status_code == 200

    permission_loads = [q["sql"] for q in queries if '"auth_permission"."codename"' in q["sql"]]
    assert permission_loads == []


@pytest.mark.parametrize(
    "archive", ["/{year}/", "/{year}/{month:02d}/", "/{year}/{month:02d}/{day:02d}/"]
)
def test_an_archive_page_looks_up_no_days_or_neighbours_it_does_not_show(client, archive):
    # Django's date archives list the days (or months) with posts and find the neighbouring
    # day, month and year: a query each. The pages show none of them, as WordPress's did not.
    client.force_login(make_user("reader"))
    post = make_posts(3, make_user("chiefexec"))
    make_post(published_at=post.published_at - timedelta(days=400))
    local = timezone.localtime(post.published_at)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(archive.format(year=local.year, month=local.month, day=local.day))

    assert response.status_code == 200
    assert post.title in response.text
    dates = ("DATE_TRUNC", "django_date", "django_datetime")
    date_lists = [q["sql"] for q in queries if any(name in q["sql"] for name in dates)]
    # A neighbour: the first post after or before the period, by date alone.
    neighbours = re.compile(r'ORDER BY "posts_post"\."published_at" (ASC|DESC) LIMIT 1$')
    neighbour_lookups = [q["sql"] for q in queries if neighbours.search(q["sql"])]
    assert (date_lists, neighbour_lookups) == ([], [])


@pytest.mark.parametrize(
    "page", ["/{year}/", "/{year}/{month:02d}/", "/tag/thanks/", "/author/chiefexec/"]
)
def test_a_list_page_counts_its_posts_without_first_asking_whether_it_has_any(client, page):
    # The count its pages need answers that too: a list with none is a 404 all the same.
    client.force_login(make_user("reader"))
    post = make_posts(3, make_user("chiefexec"))
    local = timezone.localtime(post.published_at)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.format(year=local.year, month=local.month))

    assert response.status_code == 200
    assert [q["sql"] for q in queries if q["sql"].startswith('SELECT 1 AS "a"')] == []

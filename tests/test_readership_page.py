"""The readership pages in the admin (issue 19): a post's figures, the month's most read, CSV."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from posts.models import Post
from posts.roles import COMMUNICATIONS
from readership.models import DailyReads
from tests.helpers import client_as, make_post, make_user
from tests.readership_data import add_reads, make_active_staff, person_in, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms_client():
    return client_as(person_in(COMMUNICATIONS, "comms"))


def post_url(post):
    return reverse("readership:post", kwargs={"post_id": post.pk})


def month_url(year, month, name="readership:month"):
    return reverse(name, kwargs={"year": year, "month": month})


def read_post(**fields):
    """A post published 20 days ago, read on its first days by three directorates."""
    post = make_post(
        title="Our budget for next year", published_at=timezone.now() - timedelta(days=20), **fields
    )
    add_reads(post, 1, "Finance", 30, from_alert=12)
    add_reads(post, 1, "Children's services", 50, from_alert=8)
    add_reads(post, 3, "Legal", 9)
    add_reads(post, 9, "Finance", 5)
    # Read after its first 14 days: in the total, not in the curve.
    add_reads(post, 16, "Children's services", 2)
    return post


def csv_lines(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_post_page_shows_the_first_day_week_total_alert_and_share_of_active_staff(comms_client):
    post = read_post()
    make_active_staff(191)  # with the signed-in communications member: 192
    make_user("left", is_active=False, last_login=timezone.now())
    make_user("long-gone", last_login=timezone.now() - timedelta(days=91))

    response = comms_client.get(post_url(post))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Readership of “Our budget for next year”" in page
    assert '<dd id="readership-first-day">80</dd>' in page
    assert '<dd id="readership-first-week">89</dd>' in page
    assert '<dd id="readership-total">96</dd>' in page
    assert '<dd id="readership-alert">20</dd>' in page
    assert '<dd id="readership-share">50% of 192</dd>' in page
    assert "signed in within the last 90 days" in page


def test_the_curve_table_has_each_of_the_first_fourteen_days(comms_client):
    post = read_post()

    rows = table_rows(comms_client.get(post_url(post)).content.decode(), "readership-curve")

    first = timezone.localtime(post.published_at).date()
    assert rows[0] == "Day | Date | New readers | Readers so far | New readers from the email alert"
    assert len(rows) == 15
    assert rows[1] == f"Day 1 | {first:%a} {first.day} {first:%b} | 80 | 80 | 20"
    assert rows[2].endswith("| 0 | 80 | 0")
    assert rows[3].endswith("| 9 | 89 | 0")
    assert rows[9].endswith("| 5 | 94 | 0")
    assert rows[14].startswith("Day 14 |")
    assert rows[14].endswith("| 0 | 94 | 0")


def test_a_directorate_of_nine_readers_shows_fewer_than_ten_on_the_page(comms_client):
    post = read_post()

    page = comms_client.get(post_url(post)).content.decode()

    assert table_rows(page, "readership-reach") == [
        "Directorate | Readers | Share of all readers",
        "Children's services | 52 | 54%",
        "Finance | 10 or more | not shown",
        "Legal | fewer than 10 | not shown",
    ]
    # Neither Legal's 9 nor Finance's 35 is written in the section, the chart included.
    reach = page[page.index('id="readership-reach-title"') :]
    assert ">fewer than 10<" in reach
    assert ">9<" not in reach
    assert ">35<" not in reach


def test_the_threshold_follows_its_setting(comms_client, settings):
    settings.CEOBLOG_READERSHIP_MIN_GROUP = 5
    post = read_post()

    rows = table_rows(comms_client.get(post_url(post)).content.decode(), "readership-reach")

    assert rows[1:] == ["Children's services | 52 | 54%", "Finance | 35 | 36%", "Legal | 9 | 9%"]


def test_a_post_with_few_readers_shows_no_directorate(comms_client):
    post = make_post(published_at=timezone.now() - timedelta(days=2))
    add_reads(post, 1, "Legal", 7)

    page = comms_client.get(post_url(post)).content.decode()

    assert "Too few readers to show any directorate without singling out a team." in page
    assert "Legal" not in page


def test_the_post_csv_has_the_figures_with_the_same_directorates_hidden(comms_client):
    post = read_post()

    response = comms_client.get(reverse("readership:post-csv", kwargs={"post_id": post.pk}))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="readership-post-{post.pk}.csv"' in response["Content-Disposition"]
    lines = csv_lines(response)
    assert lines[0] == ["Section", "Item", "Readers", "Note"]
    assert ["Summary", "First day", "80", "the day it was published"] in lines
    assert ["Summary", "First week", "89", "days 1 to 7"] in lines
    assert ["Summary", "All readers so far", "96", ""] in lines
    assert ["Summary", "From the email alert", "20", ""] in lines
    directorates = [line[1:3] for line in lines if line[0] == "Directorate"]
    assert directorates == [
        ["Children's services", "52"],
        ["Finance", "10 or more"],
        ["Legal", "fewer than 10"],
    ]
    days = [line for line in lines if line[0] == "Day"]
    assert len(days) == 14
    assert days[2][2] == "9"


def test_a_title_a_spreadsheet_would_run_is_written_as_text(comms_client):
    post = read_post()
    Post.objects.filter(pk=post.pk).update(title="=HYPERLINK(1)")

    lines = csv_lines(comms_client.get(reverse("readership:post-csv", kwargs={"post_id": post.pk})))

    assert lines[1][1] == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Post.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=2)},
        {"status": Post.Status.UNPUBLISHED},
    ],
    ids=["draft", "scheduled", "unpublished"],
)
def test_a_post_that_has_not_gone_out_has_no_readership_page(comms_client, fields):
    post = make_post(**fields)
    DailyReads.objects.create(post=post, day=timezone.localdate(), directorate="", readers=30)

    assert comms_client.get(post_url(post)).status_code == 404
    csv_address = reverse("readership:post-csv", kwargs={"post_id": post.pk})
    assert comms_client.get(csv_address).status_code == 404


def march_posts():
    """Three published posts read in March 2026, and reads that must not count there."""
    march = timezone.make_aware(datetime(2026, 3, 2, 9, 0))
    budget = make_post(title="Budget", published_at=march)
    roads = make_post(title="Roads", published_at=march + timedelta(days=5))
    libraries = make_post(title="Libraries", published_at=march - timedelta(days=40))
    add_reads(budget, 1, "Finance", 40, from_alert=10)
    add_reads(budget, 2, "", 3)
    add_reads(roads, 1, "Finance", 60, from_alert=30)
    add_reads(libraries, 41, "Legal", 4)  # 41 days after 21 January: 3 March
    add_reads(budget, 31, "Finance", 500)  # 1 April: another month
    draft = make_post(title="Secret draft", status=Post.Status.DRAFT)
    DailyReads.objects.create(post=draft, day=march.date(), directorate="", readers=900)
    return budget, roads, libraries


def test_the_month_page_lists_the_posts_read_that_month_most_first(comms_client):
    budget, roads, libraries = march_posts()

    response = comms_client.get(month_url(2026, 3))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Readership: most read in March 2026" in page
    assert table_rows(page, "readership-most-read")[1:] == [
        "1 | Roads | 7 March 2026 | 60 | 30",
        "2 | Budget | 2 March 2026 | 43 | 10",
        "3 | Libraries | 21 January 2026 | 4 | 0",
    ]
    assert f'href="{post_url(roads)}"' in page
    assert "Secret draft" not in page
    assert f'href="{month_url(2026, 2)}"' in page
    assert f'href="{month_url(2026, 4)}"' in page


def test_the_month_csv_lists_every_post_read_that_month(comms_client):
    march_posts()

    response = comms_client.get(month_url(2026, 3, "readership:month-csv"))

    assert 'filename="most-read-2026-03.csv"' in response["Content-Disposition"]
    assert csv_lines(response) == [
        ["Rank", "Post", "Published", "Readers in the month", "From the email alert"],
        ["1", "Roads", "2026-03-07 09:00", "60", "30"],
        ["2", "Budget", "2026-03-02 09:00", "43", "10"],
        ["3", "Libraries", "2026-01-21 09:00", "4", "0"],
    ]


def test_the_readership_home_is_this_month_with_no_link_to_the_next(comms_client):
    today = timezone.localdate()

    page = comms_client.get(reverse("readership:index")).content.decode()

    assert f"most read in {today:%B %Y}" in page
    assert 'rel="next"' not in page
    assert "No reads of published posts were recorded" in page


def test_choosing_a_month_goes_to_its_page(comms_client):
    response = comms_client.get(reverse("readership:index"), {"month": "2026-03"})

    assert response.status_code == 302
    assert response["Location"] == month_url(2026, 3)


@pytest.mark.parametrize("value", ["March", "2026-13", "2026-3", "0000-01"])
def test_a_month_that_is_not_one_gets_a_message(comms_client, value):
    response = comms_client.get(reverse("readership:index"), {"month": value})

    assert response.status_code == 400
    assert "Choose a month as a year and month, for example 2026-03." in response.content.decode()


def test_an_impossible_month_in_the_address_is_not_found(comms_client):
    assert comms_client.get("/admin/readership/2026/13/").status_code == 404
    assert comms_client.get("/admin/readership/2026/0/most-read.csv").status_code == 404


def many_read_posts(count):
    start = timezone.now() - timedelta(days=20)
    for number in range(count):
        post = make_post(published_at=start + timedelta(minutes=number))
        for day in range(1, 15):
            for directorate in ("Finance", "Legal", "Adults", ""):
                add_reads(post, day, directorate, 10 + number)
    return post


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_posts_or_days(comms_client, django_assert_max_num_queries):
    today = timezone.localdate()
    one = many_read_posts(1)
    month = month_url(today.year, today.month)
    few = (queries(comms_client, post_url(one)), queries(comms_client, month))

    last = many_read_posts(25)
    many = (queries(comms_client, post_url(last)), queries(comms_client, month))

    assert many == few
    with django_assert_max_num_queries(10):
        comms_client.get(post_url(last))
    with django_assert_max_num_queries(8):
        comms_client.get(month)


def test_days_still_to_come_are_marked_not_yet_rather_than_nought(comms_client):
    post = make_post(published_at=timezone.now() - timedelta(days=2))
    add_reads(post, 1, "Finance", 40)

    page = comms_client.get(post_url(post)).content.decode()

    rows = table_rows(page, "readership-curve")
    assert rows[3].endswith("| 0 | 40 | 0")  # day 3: today
    assert rows[4].endswith("(not yet) | – | – | –")
    assert rows[14].endswith("(not yet) | – | – | –")
    chart = page[page.index('class="readership-chart readership-chart--columns"') :]
    chart = chart[: chart.index("</svg>")]
    # Values written above the columns: day 1's 40 and days 2 and 3's 0; nothing for the rest.
    assert re.findall(r'readership-chart__count"[^>]*>(\d+)</text>', chart) == ["40", "0", "0"]

"""The sidebar's "Most read this month" and "Recent comments": right, fresh and never a draft."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.services import user_anonymise
from comments.services import comment_moderate
from pagecache.models import ContentVersion
from pagecache.version import EVERYTHING, POSTS
from posts.models import Post
from readership.folding import reads_fold
from readership.models import DailyReads
from readership.most_read import most_read_refresh
from tests.helpers import client_as, make_comment, make_post, make_user, use_redis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def section(page, heading_id):
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    assert found, f"no section {heading_id}"
    return found.group(1)


def most_read(page):
    return re.findall(
        r"<li><a href=\"[^\"]+\">([^<]+)</a></li>", section(page, "sidebar-most-read")
    )


def recent_comments(page):
    items = re.findall(r"<li>(.*?)</li>", section(page, "sidebar-comments"), re.S)
    return [re.sub(r"\s+", " ", item).strip() for item in items]


def reads(post, readers, *, days_ago=0, directorate="Highways"):
    DailyReads.objects.create(
        post=post,
        day=timezone.localdate() - timedelta(days=days_ago),
        directorate=directorate,
        readers=readers,
    )


def stored_page_versions():
    rows = ContentVersion.objects.filter(pk__in=(EVERYTHING, POSTS))
    return sorted(rows.values_list("token", flat=True))


def test_most_read_lists_the_five_posts_with_most_readers_this_month(reader_client):
    counts = {"Roads": 40, "Libraries": 75, "Budget": 12, "Schools": 30, "Care": 50, "Parks": 5}
    for title, readers in counts.items():
        post = make_post(title=title)
        # Split between two directorates: the list adds them up.
        reads(post, readers - 3)
        reads(post, 3, directorate="Adult care")
    page = reader_client.get("/").text
    assert most_read(page) == ["Libraries", "Care", "Roads", "Schools", "Budget"]


def test_reads_of_last_month_do_not_count_this_month(reader_client):
    today = timezone.localdate()
    old, new = make_post(title="Last month news"), make_post(title="This month news")
    reads(old, 500, days_ago=today.day)  # the last day of last month
    reads(new, 3)
    assert most_read(reader_client.get("/").text) == ["This month news"]


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Post.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=2)},
        {"unpublish_at": timezone.now() - timedelta(hours=1)},
    ],
    ids=["draft", "scheduled", "expired"],
)
def test_most_read_never_lists_a_post_readers_cannot_see(reader_client, fields):
    hidden = make_post(title="Not for readers", **fields)
    reads(hidden, 900)
    reads(make_post(title="Open to all"), 2)
    page = reader_client.get("/").text
    assert most_read(page) == ["Open to all"]
    assert "Not for readers" not in page


def test_a_post_moved_to_drafts_leaves_most_read_at_once(reader_client):
    post = make_post(title="Withdrawn announcement")
    reads(post, 80)
    assert most_read(reader_client.get("/").text) == ["Withdrawn announcement"]
    post.status = Post.Status.DRAFT
    post.save()
    page = reader_client.get("/").text
    assert "Withdrawn announcement" not in page
    assert "No reads counted yet this month." in section(page, "sidebar-most-read")


def test_new_totals_show_on_cached_pages_after_the_fold_without_renewing_them(reader_client):
    first, second = make_post(title="First"), make_post(title="Second")
    reads(first, 20)
    reads(second, 10)
    url = second.get_absolute_url()
    assert most_read(reader_client.get(url).text) == ["First", "Second"]
    before = stored_page_versions()

    reads(second, 25, days_ago=0, directorate="Finance")
    most_read_refresh()

    assert most_read(reader_client.get(url).text) == ["Second", "First"]
    assert stored_page_versions() == before


def test_recent_comments_name_the_commenter_and_link_the_post_at_the_comment(reader_client):
    post = make_post(title="Winter gritting")
    author = make_user(first_name="Dana", last_name="Depot")
    comment = make_comment(post=post, author=author, body="The depot team says thanks.")
    page = reader_client.get("/").text
    link = f'<a href="{post.get_absolute_url()}#comment-{comment.pk}">Winter gritting</a>'
    assert recent_comments(page) == [f"Dana Depot on {link}"]


def test_recent_comments_shows_the_five_newest_that_readers_see(reader_client):
    post = make_post(title="Budget")
    now = timezone.now()
    for hours in range(1, 8):
        make_comment(
            post=post,
            author=make_user(first_name=f"Person{hours}", last_name="Staff"),
            created_at=now - timedelta(hours=hours),
        )
    names = [item.split(" on ")[0] for item in recent_comments(reader_client.get("/").text)]
    assert names == [f"Person{hours} Staff" for hours in range(1, 6)]


def test_recent_comments_leaves_out_held_comments_and_comments_on_hidden_posts(reader_client):
    shown = make_comment(post=make_post(title="Open post"), body="Seen by all.")
    make_comment(post=shown.post, status="pending", author=make_user(first_name="Held"))
    make_comment(post=shown.post, status="spam", author=make_user(first_name="Spammer"))
    held_parent = make_comment(post=shown.post, status="pending")
    make_comment(post=shown.post, parent=held_parent, author=make_user(first_name="Replier"))
    draft = make_post(title="Draft plans", status=Post.Status.DRAFT)
    make_comment(post=draft, author=make_user(first_name="Early"))
    future = make_post(title="Future plans", published_at=timezone.now() + timedelta(days=1))
    make_comment(post=future, author=make_user(first_name="Early"))
    gone = make_post(title="Old notice", unpublish_at=timezone.now() - timedelta(hours=1))
    make_comment(post=gone, author=make_user(first_name="Late"))

    page = reader_client.get("/").text
    assert len(recent_comments(page)) == 1
    hidden_words = ("Held", "Spammer", "Replier", "Early", "Late", "Draft plans", "Future plans")
    for hidden in (*hidden_words, "Old notice"):
        assert hidden not in section(page, "sidebar-comments")


def test_an_approved_comment_shows_in_the_sidebar_of_cached_pages_at_once(reader_client):
    post = make_post(title="Libraries")
    held = make_comment(post=post, status="pending", author=make_user(first_name="Pat"))
    assert "Pat" not in section(reader_client.get("/").text, "sidebar-comments")
    comment_moderate(comments=[held], state="approved", moderator=make_user(is_staff=True))
    assert recent_comments(reader_client.get("/").text)[0].startswith("Pat ")


def test_an_anonymised_commenter_shows_as_former_staff(reader_client):
    leaver = make_user("leaver", first_name="Lee", last_name="Leaver")
    make_comment(post=make_post(title="Farewell"), author=leaver)
    assert recent_comments(reader_client.get("/").text)[0].startswith("Lee Leaver on ")
    user_anonymise(user=leaver, actor=make_user("itdesk"), remove_comments=False)
    page = reader_client.get("/").text
    assert recent_comments(page)[0].startswith("Former member of staff on ")
    assert "Lee Leaver" not in page


def test_the_sidebar_lists_come_in_order_on_every_reader_page(reader_client):
    post = make_post()
    for url in ("/", post.get_absolute_url(), "/search/?q=post"):
        page = reader_client.get(url).text
        order = [
            page.index(f'id="sidebar-{name}"')
            for name in ("recent", "most-read", "comments", "archives", "tags")
        ]
        assert order == sorted(order), url


def test_the_lists_are_right_with_the_page_cache_off(reader_client, settings):
    settings.CEOBLOG_PAGE_CACHE_SECONDS = 0
    post = make_post(title="Uncached")
    reads(post, 4)
    make_comment(post=post, author=make_user(first_name="Nadia", last_name="Nocache"))
    page = reader_client.get("/").text
    assert most_read(page) == ["Uncached"]
    assert recent_comments(page)[0].startswith("Nadia Nocache on ")


def test_reads_folded_from_redis_reorder_most_read_on_cached_pages_at_once(settings, redis_server):
    _, port = redis_server
    use_redis(settings, port, pause_after_failure=1)
    settings.CEOBLOG_MOST_READ_SECONDS = 3600
    popular, quiet = make_post(title="Popular"), make_post(title="Quiet")
    reads(popular, 5)
    watcher = client_as(make_user("watcher"))
    assert most_read(watcher.get("/").text) == ["Popular"]

    # Six people read the quiet post; the next fold counts them.
    for number in range(6):
        client_as(make_user(f"reader{number}")).get(quiet.get_absolute_url())
    reads_fold()

    assert most_read(watcher.get("/").text) == ["Quiet", "Popular"]


def test_the_tag_list_links_each_tag_with_its_name_escaped_and_its_count(reader_client):
    for _ in range(2):
        make_post(tags=["Roads & <winter>"])
    make_post(tags=["gritting"])

    tags = section(reader_client.get("/").text, "sidebar-tags")

    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a> \((\d+)\)</li>', tags) == [
        ("/tag/gritting/", "gritting", "1"),
        ("/tag/roads-winter/", "Roads &amp; &lt;winter&gt;", "2"),
    ]


def test_the_tag_list_says_so_when_no_post_has_a_tag(reader_client):
    make_post()

    tags = section(reader_client.get("/").text, "sidebar-tags")

    assert re.findall(r"<li>(.*?)</li>", tags) == ["No tags yet."]

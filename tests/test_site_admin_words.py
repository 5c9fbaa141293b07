"""The admin in the team's words: the blog's name, plain section names, one date format."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from comments.roles import MODERATORS
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.helpers import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
JARGON = ["Django", "Taggit", "TAGGIT", "Axes", "AXES", "Authentication and Authorization"]


def signed_in(client, group_name=None, **fields):
    call_command("setup_roles", verbosity=0)
    user = make_user(is_staff=True, **fields)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client


def visible_text(page):
    """Return the words a person sees: no tags, scripts, styles or attribute values."""
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_the_admin_is_headed_with_the_blogs_name(client, settings):
    settings.CEOBLOG_TITLE = "Notes from Catherine"
    page = signed_in(client, COMMUNICATIONS).get(reverse("admin:index")).text
    assert "<title>Dashboard | Notes from Catherine</title>" in page
    assert re.search(r'<div id="site-name"><a href="/admin/">Notes from Catherine</a></div>', page)
    assert "Django administration" not in page
    assert "Site administration" not in page


def test_the_dashboard_lists_the_teams_work_in_their_words(client):
    for _ in range(3):
        make_comment(status="pending")
    make_comment(status="approved")
    page = signed_in(client, COMMUNICATIONS).get(reverse("admin:index")).text
    work = re.search(r'<div class="module" id="your-work">(.*?)</div>', page, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', work) == [
        (reverse("admin:posts_post_changelist"), "Posts"),
        (
            reverse("admin:comments_comment_changelist") + "?status__exact=pending",
            "Comments awaiting moderation (3)",
        ),
        (reverse("admin:photos_photo_changelist"), "Photos"),
        (reverse("admin:taggit_tag_changelist"), "Tags"),
        (reverse("readership:index"), "Readership: the most read posts"),
    ]


def test_moderators_see_only_the_work_they_may_do(client):
    make_comment(status="pending")
    page = signed_in(client, MODERATORS).get(reverse("admin:index")).text
    work = re.search(r'<div class="module" id="your-work">(.*?)</div>', page, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", work) == ["Posts", "Comments awaiting moderation (1)"]


@pytest.mark.parametrize("group_name", [COMMUNICATIONS, MODERATORS])
def test_staff_pages_carry_no_library_jargon(client, group_name):
    post = make_post(tags=["thanks"])
    signed_in(client, group_name)
    urls = [
        reverse("admin:index"),
        reverse("admin:posts_post_changelist"),
        reverse("admin:posts_post_change", args=[post.pk]),
        reverse("admin:comments_comment_changelist"),
    ]
    if group_name == COMMUNICATIONS:
        urls += [reverse("admin:taggit_tag_changelist"), reverse("admin:photos_photo_changelist")]
    for url in urls:
        words = visible_text(client.get(url).text)
        for jargon in JARGON:
            assert jargon not in words, f"{jargon} on {url}"
        assert "object" not in words.lower(), url


def test_even_the_administrator_reads_plain_section_names(client):
    page = signed_in(client, is_superuser=True).get(reverse("admin:index")).text
    for name in ["People and roles", "Tags", "Sign-in attempts", "Blog posts"]:
        assert f">{name}</a>" in page
    for jargon in ["Authentication and Authorization", "Taggit", ">Axes<"]:
        assert jargon not in page


@pytest.mark.parametrize(
    ("url_name", "title"),
    [("posts_post", "Posts"), ("taggit_tag", "Tags"), ("photos_photo", "Photos")],
)
def test_lists_are_titled_with_what_they_list(client, url_name, title):
    page = signed_in(client, COMMUNICATIONS).get(reverse(f"admin:{url_name}_changelist")).text
    assert f"<h1>{title}</h1>" in page
    assert f"<title>{title} | " in page
    assert "to change" not in visible_text(page)


def test_one_date_and_time_format_in_lists_record_and_history(client):
    published = datetime(2013, 5, 16, 10, 15, tzinfo=LONDON)
    post = make_post(title="Back to business", published_at=published)
    scheduled = make_post(published_at=datetime(2031, 3, 9, 9, 0, tzinfo=LONDON))
    Post.objects.filter(pk=post.pk).update(updated_at=published)
    signed_in(client, COMMUNICATIONS)
    listing = visible_text(client.get(reverse("admin:posts_post_changelist")).text)
    assert "16 May 2013, 10:15" in listing
    assert "Scheduled for 9 March 2031, 09:00" in listing
    form = visible_text(client.get(reverse("admin:posts_post_change", args=[post.pk])).text)
    assert "Last saved 16 May 2013, 10:15" in form  # in the publish box
    assert scheduled.pk
    for odd in ["a.m.", "p.m.", "16/05/2013", "May 16, 2013"]:
        assert odd not in listing
        assert odd not in form


def test_a_tags_history_reads_in_plain_words_and_the_one_date_format(client):
    tag = make_post(tags=["Thank you"]).tags.get()
    signed_in(client, COMMUNICATIONS, first_name="Eddie", last_name="Editor")
    history = reverse("admin:taggit_tag_history", args=[tag.pk])
    before = visible_text(client.get(history).text)
    assert "No changes recorded yet" in before
    assert "object" not in before.lower()
    client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]), {"name": "Thanks", "slug": "thanks"}
    )
    after = visible_text(client.get(history).text)
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}\s+Eddie Editor\s+Changed Name", after)


def test_deleting_says_what_will_go_in_plain_words(client):
    post = make_post(title="Old news", tags=["thanks"])
    other = make_post(title="Older news")
    signed_in(client, COMMUNICATIONS)
    one = client.get(reverse("admin:posts_post_delete", args=[post.pk]))
    ticked = client.post(
        reverse("admin:posts_post_changelist"),
        {"action": "delete_selected", "_selected_action": [post.pk, other.pk]},
    )
    for response in (one, ticked):
        assert response.status_code == 200
        words = visible_text(response.text)
        assert "What will be deleted" in words
        assert "Old news" in words
        assert "object" not in words.lower()
    assert "Delete the post “Old news”?" in visible_text(one.text)
    assert "Delete the selected posts?" in visible_text(ticked.text)
    response = client.post(reverse("admin:posts_post_delete", args=[post.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def test_the_admin_sign_in_page_carries_the_blogs_name(client, settings):
    settings.CEOBLOG_TITLE = "Notes from Catherine"
    page = client.get(reverse("admin:login")).text
    assert "Notes from Catherine" in page
    assert "Django" not in visible_text(page)

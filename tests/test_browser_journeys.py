"""The everyday journeys, done in Chromium the way people do them.

Each step is a small function, so that later journeys (photos, comments, closing comments)
can reuse the ones here and add their own.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import Post
from tests.helpers import make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"  # what tests.helpers.make_user gives every user
TITLE = "Thank you, gritting crews"


def editor_signs_in_to_the_admin(page, editor):
    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Site administration").wait_for()


def editor_sets_publication_time(page, when):
    local = timezone.localtime(when)
    page.locator("#id_published_at_0").fill(f"{local:%d/%m/%Y}")
    page.locator("#id_published_at_1").fill(f"{local:%H:%M:%S}")


def editor_writes_a_post(page, *, title, author, body, tags, publish_at):
    """Fill in the admin's add form and save it, staying on the form."""
    page.goto(reverse("admin:posts_post_add"))
    page.get_by_label("Title:").fill(title)
    # The author box searches as you type (Django's autocomplete widget).
    page.locator("#id_author + .select2").click()
    page.locator(".select2-search__field").fill(author.username)
    page.get_by_role("option", name=author.username).click()
    page.get_by_label("Body:").fill(body)
    page.get_by_label("Tags:").fill(", ".join(tags))
    page.get_by_label("Status:").select_option(label="Published")
    editor_sets_publication_time(page, publish_at)
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was added successfully").wait_for()


def signs_in(page, user):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Latest posts").wait_for(state="attached")


def listed_titles(page):
    return page.locator("article h2").all_inner_texts()


def test_editor_schedules_previews_and_publishes_a_post_that_a_reader_then_finds(
    page, live_server, chromium
):
    author = make_user("ceo", first_name="Sam", last_name="Chief")
    editor = make_user(
        "comms",
        first_name="Eddie",
        last_name="Editor",
        is_staff=True,
        perms=["posts.add_post", "posts.change_post", "posts.view_post", "auth.view_user"],
    )
    reader = make_user("reader", first_name="Robin", last_name="Reader")
    make_post(title="Budget consultation opens", author=author, tags=["Budget"])

    editor_signs_in_to_the_admin(page, editor)
    tomorrow = timezone.now() + timedelta(days=1)
    editor_writes_a_post(
        page,
        title=TITLE,
        author=author,
        body="<p>Our crews treated 2,400 miles of road in last week's snow.</p>",
        tags=["Thanks", "Highways"],
        publish_at=tomorrow,
    )
    post = Post.objects.get(title=TITLE)
    assert post.slug == "thank-you-gritting-crews"
    assert sorted(tag.name for tag in post.tags.all()) == ["Highways", "Thanks"]
    assert post.is_scheduled

    # The preview, through the admin's own link to the post on the site.
    page.get_by_role("link", name="View on site").click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    banner = page.get_by_role("status")
    assert banner.inner_text().startswith("Preview: not published. This post is scheduled for")
    assert post.get_absolute_url() in page.url

    page.go_back()
    editor_sets_publication_time(page, timezone.now() - timedelta(minutes=1))
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was changed successfully").wait_for()
    post.refresh_from_db()
    assert post.is_published

    with chromium.new_context(base_url=live_server.url) as reader_context:
        reader_page = reader_context.new_page()
        signs_in(reader_page, reader)
        assert listed_titles(reader_page) == [TITLE, "Budget consultation opens"]

        local = post.local_published_at()
        reader_page.get_by_role("link", name=f"{local:%B %Y}").click()
        assert reader_page.get_by_role("heading", level=1).inner_text() == (
            f"Archive for {local:%B}, {local:%Y}"
        )
        assert TITLE in listed_titles(reader_page)

        reader_page.get_by_role("link", name="Highways").first.click()
        assert reader_page.get_by_role("heading", level=1).inner_text() == (
            "Posts Tagged ‘Highways’"
        )
        assert listed_titles(reader_page) == [TITLE]

        reader_page.get_by_role("main").get_by_role("link", name=TITLE).click()
        assert reader_page.get_by_role("heading", level=1).inner_text() == TITLE
        assert reader_page.get_by_role("status").count() == 0


def test_reader_reaches_a_post_with_the_keyboard_alone(page, live_server):
    make_post(title="Budget consultation opens", published_at=timezone.now() - timedelta(days=2))
    post = make_post(title=TITLE, tags=["Thanks"])
    signs_in(page, make_user("reader"))

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the first post's title
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert page.url == f"{live_server.url}{post.get_absolute_url()}"

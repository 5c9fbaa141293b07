"""The everyday journeys, done in Chromium the way people do them.

Each step is a small function, so that a journey reads as what its people do.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import roles_set_up
from comments.models import Comment
from photos.models import Photo
from posts.authors import AUTHORS
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.helpers import image_bytes, make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"  # what tests.helpers.make_user gives every user
TITLE = "Thank you, gritting crews"
ALT_TEXT = "A yellow gritter spreading salt on a dark road"
CAPTION = "Out before dawn on the A28."
COMMENT = "Thank you from everyone in the Ashford depot."
FOCUSED = "document.activeElement"


# --- The communications editor, in the admin ---------------------------------------------------


def communications_editor():
    """Return a staff member in the Communications group, as setup_roles makes it."""
    roles_set_up()
    editor = make_user("comms", first_name="Eddie", last_name="Editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS))
    return editor


def editor_signs_in_to_the_admin(page, editor):
    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Dashboard").wait_for()


def editor_uploads_a_photo(page, *, title, alt_text, caption):
    page.goto(reverse("admin:photos_photo_add"))
    page.get_by_label("Title:").fill(title)
    page.get_by_label("Image:").set_input_files(
        {"name": "gritter.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(1200, 800)}
    )
    page.get_by_label("Alt text:").fill(alt_text)
    page.get_by_label("Caption:").fill(caption)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was added successfully").wait_for()


def editor_sets_publication_time(page, when):
    local = timezone.localtime(when)
    time_line = page.locator(".writing-publish__time")
    if time_line.get_attribute("open") is None:
        time_line.locator("summary").click()
    page.locator("#id_published_at_0").fill(f"{local:%Y-%m-%d}")
    page.locator("#id_published_at_1").fill(f"{local:%H:%M}")


def editor_inserts_a_library_photo_in_the_body(page, photo_title):
    """Open the body editor's photo dialog, find the photo in the library, and insert it."""
    page.get_by_role("button", name="Add a photo").click()
    dialog = page.get_by_role("dialog", name="Add a photo")
    dialog.get_by_role("listitem").filter(has_text=photo_title).get_by_role(
        "button", name="Use this photo"
    ).click()
    expect(page.locator(".writing-body figure img")).to_have_attribute("alt", ALT_TEXT)


def editor_chooses_the_featured_photo(page, photo_title):
    page.get_by_role("button", name="Choose from the library").click()
    dialog = page.get_by_role("dialog", name="Choose the featured photo")
    dialog.get_by_role("listitem").filter(has_text=photo_title).get_by_role(
        "button", name="Use this photo"
    ).click()
    expect(page.locator(".featured-photo__title")).to_have_text(photo_title)


def editor_writes_a_post(page, *, title, author, paragraph, photo_title, tags, publish_at):
    """Fill in the admin's add form, with a featured photo and a figure, and save it."""
    page.goto(reverse("admin:posts_post_add"))
    page.get_by_label("Title", exact=True).fill(title)
    page.locator("#id_author").select_option(label=author.get_full_name())
    body = page.locator(".writing-body [contenteditable=true]")
    body.click()
    page.keyboard.type(paragraph)
    page.keyboard.press("Enter")
    editor_inserts_a_library_photo_in_the_body(page, photo_title)
    tag_box = page.get_by_role("combobox", name="Tags")
    for tag in tags:
        tag_box.fill(tag)
        tag_box.press("Enter")
    editor_chooses_the_featured_photo(page, photo_title)
    editor_sets_publication_time(page, publish_at)
    page.get_by_role("button", name="Schedule").click()
    page.get_by_text("It will appear by itself.").wait_for()


def moderator_approves_the_comment(page, excerpt):
    page.goto(reverse("admin:index"))
    page.get_by_role("link", name="Comments awaiting moderation (1)").click()
    row = page.get_by_role("row").filter(has_text=excerpt)
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Approve selected comments")
    page.get_by_role("button", name="Go").click()
    page.get_by_text("1 comment approved.").wait_for()


def editor_closes_comments_in_the_list_of_posts(page, title):
    page.goto(reverse("admin:posts_post_changelist"))
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Close comments")
    page.get_by_role("button", name="Go").click()
    page.get_by_text("Comments closed on 1 post.").wait_for()
    expect(row.get_by_role("cell").filter(has_text="closed")).to_have_count(1)


# --- Readers, on the site ----------------------------------------------------------------------


def signs_in(page, user):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Latest posts").wait_for(state="attached")


def listed_titles(page):
    return page.locator("article h2").all_inner_texts()


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


def reader_comments(page, text):
    page.get_by_role("textbox", name="Comment").fill(text)
    page.get_by_role("button", name="Post comment").click()
    page.get_by_text(text).wait_for()


def test_editor_publishes_a_post_with_a_photo_that_a_reader_finds_and_comments_on_until_comments_close(  # noqa: E501
    page, live_server, chromium
):
    author = make_user("ceo", first_name="Sam", last_name="Chief")
    editor = communications_editor()
    # Only the people who write can be chosen as a post's author (posts/authors.py).
    author.groups.add(Group.objects.get_or_create(name=AUTHORS)[0])
    reader = make_user("reader", first_name="Robin", last_name="Reader")
    make_post(title="Budget consultation opens", author=author, tags=["Budget"])

    editor_signs_in_to_the_admin(page, editor)
    editor_uploads_a_photo(page, title="Gritter at dawn", alt_text=ALT_TEXT, caption=CAPTION)
    editor_writes_a_post(
        page,
        title=TITLE,
        author=author,
        paragraph="Our crews treated 2,400 miles of road in last week's snow.",
        photo_title="Gritter at dawn",
        tags=["Thanks", "Highways"],
        publish_at=timezone.now() + timedelta(days=1),
    )
    post = Post.objects.get(title=TITLE)
    photo = Photo.objects.get(title="Gritter at dawn")
    assert post.slug == "thank-you-gritting-crews"
    assert sorted(tag.name for tag in post.tags.all()) == ["Highways", "Thanks"]
    assert post.featured_photo == photo
    assert post.is_scheduled

    # The preview, through the admin's own link to the post on the site.
    page.get_by_role("link", name="View on site").click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    banner = page.get_by_role("status")
    assert banner.inner_text().startswith("Preview: not published. This post is scheduled for")
    assert post.get_absolute_url() in page.url
    body_figure = page.locator(".post-body figure")
    assert body_figure.get_by_role("img").get_attribute("alt") == ALT_TEXT
    assert body_figure.locator("figcaption").inner_text() == CAPTION

    page.go_back()
    editor_sets_publication_time(page, timezone.now() - timedelta(minutes=1))
    page.get_by_role("button", name="Update").click()
    page.get_by_text("Post updated.").wait_for()
    post.refresh_from_db()
    assert post.is_published

    with chromium.new_context(base_url=live_server.url) as reader_context:
        reader_page = reader_context.new_page()
        signs_in(reader_page, reader)
        assert listed_titles(reader_page) == [TITLE, "Budget consultation opens"]

        local = post.local_published_at()
        reader_page.get_by_role("link", name=f"{local:%B %Y}").click()
        assert heading(reader_page) == f"Archive for {local:%B}, {local:%Y}"
        assert TITLE in listed_titles(reader_page)

        reader_page.get_by_role("link", name="Highways").first.click()
        assert heading(reader_page) == "Posts Tagged ‘Highways’"
        assert listed_titles(reader_page) == [TITLE]

        reader_page.get_by_role("main").get_by_role("link", name=TITLE).click()
        assert heading(reader_page) == TITLE
        # No preview banner (the reactions' status line, empty until a reaction, is there).
        assert reader_page.locator(".preview-banner").count() == 0
        featured = reader_page.locator(".post-featured")
        assert featured.get_by_role("img").get_attribute("alt") == ALT_TEXT
        assert featured.locator("figcaption").inner_text() == CAPTION

        # A first comment waits for a moderator; only its author sees it meanwhile.
        reader_comments(reader_page, COMMENT)
        assert reader_page.get_by_text("Your comment is awaiting moderation.").is_visible()
        assert Comment.objects.get(body=COMMENT).status == Comment.Status.PENDING

        moderator_approves_the_comment(page, COMMENT)
        editor_closes_comments_in_the_list_of_posts(page, TITLE)

        reader_page.reload()
        comments = reader_page.locator("#comments")
        assert comments.get_by_role("heading", level=2).inner_text() == "1 Comment"
        assert comments.locator(".comment__body").all_inner_texts() == [COMMENT]
        assert reader_page.get_by_text("awaiting moderation").count() == 0
        assert comments.locator(".comments-closed").inner_text() == "Comments are closed."
        assert comments.get_by_role("button", name="Post comment").count() == 0


def focus_is_outlined(page):
    style = page.evaluate(
        f"(() => {{ const style = getComputedStyle({FOCUSED});"
        " return [style.outlineStyle, style.outlineWidth]; })()"
    )
    return style == ["solid", "3px"]


def test_reader_reaches_a_post_and_comments_with_the_keyboard_alone(page, live_server):
    make_post(title="Budget consultation opens", published_at=timezone.now() - timedelta(days=2))
    post = make_post(title=TITLE, tags=["Thanks"])
    signs_in(page, make_user("reader", first_name="Robin", last_name="Reader"))

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the first post's title
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert page.url == f"{live_server.url}{post.get_absolute_url()}"

    # Through the page, one Tab at a time, each stop outlined, to the comment box.
    unoutlined = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if not focus_is_outlined(page):
            unoutlined.append(page.evaluate(f"{FOCUSED}.outerHTML.slice(0, 80)"))
        if page.evaluate(f"{FOCUSED}.name") == "body":
            break
    assert page.evaluate(f"{FOCUSED}.id") == "id_body"
    assert unoutlined == []
    page.keyboard.type(COMMENT)
    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.textContent") == "Post comment"
    assert focus_is_outlined(page)
    page.keyboard.press("Enter")

    page.get_by_text("Your comment is awaiting moderation.").wait_for()
    assert page.locator(".comment__body").inner_text() == COMMENT
    assert Comment.objects.get(post=post).body == COMMENT

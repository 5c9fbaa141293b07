"""Every page type, in Chromium: axe-core, reflow and screenshots; and the Nu HTML Checker."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views import defaults

from alerts.services import feed_token_create
from comments.models import Comment
from comments.services import post_comments_close
from pages.models import Page
from photos.images import photo_body_url
from tests.browser import axe_violations, horizontal_overflow, html_errors, screenshot, sign_in
from tests.helpers import make_blog, make_comment, make_photo, make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def blog(settings):
    # Two posts a page, so that the lists show their "Older posts" and "Newer posts" links.
    settings.CEOBLOG_POSTS_PER_PAGE = 2
    blog = make_blog()
    add_comments(blog.post, reader=blog.reader)
    # A site page, such as an old blog's About page, listed at the foot of every page.
    Page.objects.create(
        title="About the chief executive",
        path="/about/",
        body="<p>I joined the council in 2019.</p><h2>My priorities</h2><p>Homes and roads.</p>",
        is_published=True,
    )
    photo = make_photo(
        title="Gritter at dawn",
        alt_text="A yellow gritter spreading salt on a dark road",
        caption="Out before dawn on the A28.",
        credit="Jo Lens",
    )
    blog.photo_post = make_post(
        title="Thank you, gritting crews",
        slug="thank-you-gritting-crews",
        author=blog.author,
        body="<p>Our crews treated 2,400 miles of road in last week's snow.</p>"
        f'<figure><img src="{photo_body_url(photo)}" alt="{photo.alt_text}">'
        f"<figcaption>{photo.caption}</figcaption></figure>"
        "<p>Thank you all.</p>",
        featured_photo=photo,
        published_at=timezone.now() - timedelta(days=4),
        tags=["Thanks", "Highways"],
    )
    blog.closed = make_post(
        title="Road repairs finished",
        slug="road-repairs-finished",
        author=blog.author,
        body="<p>The last of the summer's road repairs finished on time.</p>",
        published_at=timezone.now() - timedelta(days=5),
        comments_open=False,
        tags=["Highways"],
    )
    feed_token_create(user=blog.reader)
    return blog


def add_comments(post, *, reader):
    """Give the post an approved comment, a reply, an official reply and the reader's held one."""
    first = make_comment(
        post=post,
        body="Our team read this together at Monday's huddle.\n\nThank you for the mention.",
        created_at=timezone.now() - timedelta(hours=20),
    )
    make_comment(
        post=post,
        parent=first,
        body="Agreed: it made a real difference to our week as well.",
        created_at=timezone.now() - timedelta(hours=19),
    )
    office = make_user("ceo.office", first_name="Chief Executive's", last_name="Office")
    make_comment(
        post=post,
        parent=first,
        author=office,
        is_official=True,
        body="Thank you. The slides are on the intranet: https://intranet.example/slides/",
        created_at=timezone.now() - timedelta(hours=18),
    )
    make_comment(
        post=post,
        author=reader,
        status=Comment.Status.PENDING,
        body="Could the slides be shared with the part-time teams too?",
        created_at=timezone.now() - timedelta(hours=1),
    )


def archive(view, post, *parts):
    local = post.local_published_at()
    values = {"year": f"{local:%Y}", "month": f"{local:%m}", "day": f"{local:%d}"}
    return reverse(view, kwargs={part: values[part] for part in parts})


def search(words=None):
    address = reverse("posts:search")
    return f"{address}?{urlencode({'q': words})}" if words is not None else address


# Page type: (who is signed in, the address, the status the page is served with).
PAGE_TYPES = {
    "home": ("reader", lambda blog: reverse("posts:index"), 200),
    "home-page-2": ("reader", lambda blog: reverse("posts:index", kwargs={"page": 2}), 200),
    # With comments: approved, a reply, an official reply and the reader's own held comment.
    "post": ("reader", lambda blog: blog.post.get_absolute_url(), 200),
    "post-with-photo": ("reader", lambda blog: blog.photo_post.get_absolute_url(), 200),
    "post-comments-closed": ("reader", lambda blog: blog.closed.get_absolute_url(), 200),
    "year": ("reader", lambda blog: archive("posts:archive-year", blog.post, "year"), 200),
    "month": (
        "reader",
        lambda blog: archive("posts:archive-month", blog.post, "year", "month"),
        200,
    ),
    "day": (
        "reader",
        lambda blog: archive("posts:archive-day", blog.post, "year", "month", "day"),
        200,
    ),
    "tag": ("reader", lambda blog: reverse("posts:tag", kwargs={"slug": "thanks"}), 200),
    "author": ("reader", lambda blog: reverse("posts:author", kwargs={"username": "ceo"}), 200),
    "search": ("reader", lambda blog: search("library teams"), 200),
    "search-no-results": ("reader", lambda blog: search("zebra crossings"), 200),
    "search-no-words": ("reader", lambda blog: search(), 200),
    "follow": ("reader", lambda blog: reverse("alerts:follow"), 200),
    "preview": ("editor", lambda blog: blog.draft.get_absolute_url(), 200),
    "not-found": ("reader", lambda blog: "/no-such-page/", 404),
    "login": (None, lambda blog: reverse("login"), 200),
    "accessibility": (None, lambda blog: reverse("pages:accessibility"), 200),
    "accessibility-signed-in": ("reader", lambda blog: reverse("pages:accessibility"), 200),
    "privacy": (None, lambda blog: reverse("pages:privacy"), 200),
    "site-page": ("reader", lambda blog: "/about/", 200),
}
# A password left out: an error on a field, linked from the error summary.
NO_PASSWORD = {"username": "reader", "password": ""}
# A wrong password: an error about the whole form.
WRONG_PASSWORD = {"username": "reader", "password": "not-the-password"}


def assert_accessible(page, name):
    """Check what the browser shows with axe and at 320 px wide, then screenshot it."""
    problems = {"axe": axe_violations(page), "overflow at 320 px": horizontal_overflow(page) > 0}
    screenshot(page, name)
    assert problems == {"axe": [], "overflow at 320 px": False}


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_has_no_axe_violations_and_reflows(page, live_server, blog, name):
    who, address, status = PAGE_TYPES[name]
    if who:
        sign_in(page, getattr(blog, who), live_server.url)
    response = page.goto(address(blog))
    assert response.status == status
    assert_accessible(page, name)


def test_login_page_with_errors_has_no_axe_violations_and_reflows(page, blog):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(NO_PASSWORD["username"])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(page, "login-errors")


def test_lockout_page_has_no_axe_violations_and_reflows(page, blog, settings):
    page.goto(reverse("login"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill(WRONG_PASSWORD["username"])
        page.get_by_label("Password").fill(WRONG_PASSWORD["password"])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    page.get_by_role("heading", name="Signing in is paused", level=1).wait_for()
    assert_accessible(page, "lockout")


def test_comment_form_with_errors_has_no_axe_violations_and_reflows(page, live_server, blog):
    sign_in(page, blog.reader, live_server.url)
    page.goto(blog.photo_post.get_absolute_url())
    page.get_by_role("button", name="Post comment").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    page.wait_for_load_state()
    assert page.title() == "Error: Thank you, gritting crews – From the Chief Executive"
    assert page.evaluate("document.activeElement.className") == "error-summary"
    comment_box = page.get_by_role("textbox", name="Comment")
    assert comment_box.get_attribute("aria-invalid") == "true"
    page.get_by_role("link", name="Write your comment before posting it.").click()
    assert page.evaluate("document.activeElement.id") == "id_body"
    assert_accessible(page, "comment-errors")


def test_refused_comment_page_has_no_axe_violations_and_reflows(page, live_server, blog):
    sign_in(page, blog.reader, live_server.url)
    page.goto(blog.photo_post.get_absolute_url())
    page.get_by_role("textbox", name="Comment").fill("Written while comments were closing.")
    post_comments_close(posts=[blog.photo_post])
    page.get_by_role("button", name="Post comment").click()
    page.get_by_role("heading", name="Comments are closed", level=1).wait_for()
    assert_accessible(page, "comment-refused")


def submitted_page_types(client, blog, settings):
    """Return the pages that answer a form, by name, as the test client receives them."""
    documents = {}
    for name, data in [("login-errors", NO_PASSWORD), ("login-wrong-password", WRONG_PASSWORD)]:
        response = client.post(reverse("login"), data)
        assert response.status_code == 200, name
        documents[name] = response.text
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {**WRONG_PASSWORD, "username": "editor"})
    assert response.status_code == 429
    documents["lockout"] = response.text

    client.force_login(blog.reader)
    comment_address = reverse("comments:create", kwargs={"post_id": blog.photo_post.pk})
    response = client.post(comment_address, {"body": ""})
    assert response.status_code == 400
    documents["comment-errors"] = response.text
    response = client.post(
        reverse("comments:create", kwargs={"post_id": blog.closed.pk}), {"body": "Too late."}
    )
    assert response.status_code == 403
    documents["comment-refused"] = response.text
    client.logout()
    return documents


@pytest.mark.django_db
def test_every_page_type_is_valid_html(browser_tools, client, blog, settings, tmp_path):
    documents = {}
    for name, (who, address, status) in PAGE_TYPES.items():
        client.logout()
        if who:
            client.force_login(getattr(blog, who))
        response = client.get(address(blog))
        assert response.status_code == status, name
        documents[name] = response.text
    client.logout()
    documents.update(submitted_page_types(client, blog, settings))
    for name, view in [
        ("bad-request", defaults.bad_request),
        ("forbidden", defaults.permission_denied),
        ("server-error", defaults.server_error),
    ]:
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        response = view(request) if view is defaults.server_error else view(request, Exception())
        documents[name] = response.content.decode()

    # The pages hold what they are meant to show, so that a valid page is not an empty one.
    assert "<mark>" in documents["search"]
    assert "Official reply" in documents["post"]
    assert "Your comment is awaiting moderation." in documents["post"]
    assert "Comments are closed." in documents["post-comments-closed"]
    assert "<figcaption>" in documents["post-with-photo"]
    assert html_errors(documents, tmp_path) == {name: [] for name in documents}

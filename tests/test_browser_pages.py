"""Every page type, in Chromium: axe-core, reflow and screenshots; and the Nu HTML Checker."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from tests.browser import axe_violations, horizontal_overflow, html_errors, screenshot, sign_in
from tests.helpers import make_blog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def blog(settings):
    # Two posts a page, so that the lists show their "Older posts" and "Newer posts" links.
    settings.CEOBLOG_POSTS_PER_PAGE = 2
    return make_blog()


def archive(view, post, *parts):
    local = post.local_published_at()
    values = {"year": f"{local:%Y}", "month": f"{local:%m}", "day": f"{local:%d}"}
    return reverse(view, kwargs={part: values[part] for part in parts})


# Page type: (who is signed in, the address, the status the page is served with).
PAGE_TYPES = {
    "home": ("reader", lambda blog: reverse("posts:index"), 200),
    "home-page-2": ("reader", lambda blog: reverse("posts:index", kwargs={"page": 2}), 200),
    "post": ("reader", lambda blog: blog.post.get_absolute_url(), 200),
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
    "preview": ("editor", lambda blog: blog.draft.get_absolute_url(), 200),
    "not-found": ("reader", lambda blog: "/no-such-page/", 404),
    "login": (None, lambda blog: reverse("login"), 200),
    "accessibility": (None, lambda blog: reverse("pages:accessibility"), 200),
    "accessibility-signed-in": ("reader", lambda blog: reverse("pages:accessibility"), 200),
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


@pytest.mark.django_db
def test_every_page_type_is_valid_html(browser_tools, client, blog, tmp_path):
    documents = {}
    for name, (who, address, status) in PAGE_TYPES.items():
        client.logout()
        if who:
            client.force_login(getattr(blog, who))
        response = client.get(address(blog))
        assert response.status_code == status, name
        documents[name] = response.text
    client.logout()
    for name, data in [("login-errors", NO_PASSWORD), ("login-wrong-password", WRONG_PASSWORD)]:
        response = client.post(reverse("login"), data)
        assert response.status_code == 200, name
        documents[name] = response.text
    for name, view in [
        ("bad-request", defaults.bad_request),
        ("forbidden", defaults.permission_denied),
        ("server-error", defaults.server_error),
    ]:
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        response = view(request) if view is defaults.server_error else view(request, Exception())
        documents[name] = response.content.decode()

    assert html_errors(documents, tmp_path) == {name: [] for name in documents}

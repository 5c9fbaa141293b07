"""What keyboard, screen reader, motion-sensitive and print users notice, in Chromium."""

import pytest
from django.urls import reverse

from tests.browser import SCREENSHOTS, sign_in
from tests.helpers import make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "document.activeElement"


def test_skip_link_is_the_first_tab_stop_shows_on_focus_and_moves_focus_to_the_content(
    page, live_server
):
    sign_in(page, make_user("reader"), live_server.url)
    make_post(title="Thank you, library teams")
    page.goto("/")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.bounding_box()["y"] < 0

    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.textContent") == "Skip to main content"
    assert skip_link.bounding_box()["y"] >= 0

    page.keyboard.press("Enter")
    assert page.evaluate(f"{FOCUSED}.id") == "content"
    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.textContent") == "Thank you, library teams"


def test_keyboard_focus_on_a_link_is_outlined(page):
    page.goto(reverse("login"))
    page.keyboard.press("Tab")
    outline = page.evaluate(
        f"(() => {{ const style = getComputedStyle({FOCUSED});"
        " return [style.outlineStyle, style.outlineWidth, style.boxShadow]; })()"
    )
    assert outline[:2] == ["solid", "3px"]
    assert "rgb(255, 221, 0)" in outline[2]


def test_login_error_summary_takes_focus_and_its_link_moves_focus_into_the_field(page):
    make_user("reader")
    page.goto(reverse("login"))
    page.get_by_label("Username").fill("reader")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.title() == "Error: Sign in – From the Chief Executive"
    assert page.evaluate(f"{FOCUSED}.className") == "error-summary"
    password = page.get_by_label("Password")
    assert password.get_attribute("aria-invalid") == "true"
    assert password.get_attribute("aria-describedby") == "id_password_error"
    assert page.locator("#id_password_error").text_content() == "Error: This field is required."

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(f"{FOCUSED}.id") == "id_password"


def test_wrong_password_error_links_to_the_username(page):
    make_user("reader")
    page.goto(reverse("login"))
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Please enter a correct username and password").click()
    assert page.evaluate(f"{FOCUSED}.id") == "id_username"


@pytest.mark.parametrize(("motion", "scrolling"), [("no-preference", "smooth"), ("reduce", "auto")])
def test_in_page_scrolling_is_smooth_only_without_a_reduced_motion_preference(
    page, motion, scrolling
):
    page.emulate_media(reduced_motion=motion)
    page.goto(reverse("login"))
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == scrolling


def test_printed_post_shows_its_address_without_navigation_sidebar_or_forms(page, live_server):
    reader = make_user("reader")
    sign_in(page, reader, live_server.url)
    post = make_post(
        title="Thank you, library teams",
        body='<p>See the <a href="https://www.example.org/libraries">libraries pages</a>.</p>',
    )
    page.goto(post.get_absolute_url())
    address = f"{live_server.url}{post.get_absolute_url()}"
    print_only = page.get_by_text("This post’s address:")
    assert print_only.is_hidden()

    page.emulate_media(media="print")
    assert print_only.inner_text() == f"This post’s address: {address}"
    for hidden in [".sidebar", ".account", "form", ".site-footer", ".skip-link"]:
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.get_by_role("heading", name="Thank you, library teams").is_visible()
    link_after = page.evaluate(
        "getComputedStyle(document.querySelector('.post-body a'), '::after').content"
    )
    assert link_after == '" (https://www.example.org/libraries)"'
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "post-print.png", full_page=True)
    page.pdf(path=SCREENSHOTS.parent / "post-printed.pdf", format="A4")

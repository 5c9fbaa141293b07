"""The readership pages in Chromium (issue 19): reached by keyboard, axe-core and the Nu HTML
Checker find nothing, the Content Security Policy blocks nothing, and the charts' tables are what
a screen reader gets.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from posts.roles import COMMUNICATIONS
from tests.browser import (
    RECORD_CSP_VIOLATIONS,
    axe_violations,
    csp_violations,
    html_errors,
    screenshot,
    sign_in,
)
from tests.helpers import make_post
from tests.readership_data import add_reads, make_active_staff, person_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "document.activeElement"
TITLE = "Our budget for next year"


def read_post():
    post = make_post(title=TITLE, published_at=timezone.now() - timedelta(days=20))
    add_reads(post, 1, "Finance", 30, from_alert=12)
    add_reads(post, 1, "Children's services", 50, from_alert=8)
    add_reads(post, 2, "", 14, from_alert=3)
    add_reads(post, 3, "Legal", 9)
    add_reads(post, 5, "Adults' social care", 22, from_alert=2)
    add_reads(post, 9, "Finance", 5)
    return post


def tab_to(page, name, presses=80):
    """Press Tab until the focused element's text is name; fail if it never is."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"{FOCUSED}.textContent.trim()") == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with the Tab key")


def test_the_readership_pages_by_keyboard_with_no_accessibility_or_markup_error(
    page, live_server, tmp_path
):
    person = person_in(COMMUNICATIONS, "comms")
    make_active_staff(300)
    post = read_post()
    day_one = timezone.localtime(post.published_at).date()
    month_address = reverse(
        "readership:month", kwargs={"year": day_one.year, "month": day_one.month}
    )
    sign_in(page, person, live_server.url)
    page.add_init_script(RECORD_CSP_VIOLATIONS)

    # From the admin's home page, by keyboard only.
    page.goto(reverse("admin:index"))
    tab_to(page, "Readership: the most read posts")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(
        f"Readership: most read in {timezone.localdate():%B %Y}"
    )
    page.goto(month_address)
    assert csp_violations(page) == []
    assert axe_violations(page) == []
    screenshot(page, "readership-month")

    tab_to(page, TITLE)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(f"Readership of “{TITLE}”")
    expect(page.locator("#readership-total")).to_have_text("130")
    # The charts are hidden from screen readers; their tables, with captions, are not.
    assert page.locator("svg.readership-chart").count() == 2
    for chart in page.locator("svg.readership-chart").all():
        assert chart.get_attribute("aria-hidden") == "true"
    expect(page.get_by_role("table", name="Readers by directorate")).to_be_visible()
    reach = page.get_by_role("table", name="Readers by directorate")
    expect(reach.get_by_role("row", name="Legal fewer than 10 not shown")).to_be_visible()
    assert csp_violations(page) == []
    assert axe_violations(page) == []
    tab_to(page, "Download these figures as a CSV file")
    screenshot(page, "readership-post")

    post_address = reverse("readership:post", kwargs={"post_id": post.pk})
    documents = {
        "month": page.request.get(month_address).text(),
        "post": page.request.get(post_address).text(),
    }
    assert html_errors(documents, tmp_path) == {"month": [], "post": []}

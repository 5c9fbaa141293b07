"""The emails-about-comments settings and the unsubscribe pages, in Chromium and the validator."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from alerts.models import EmailSettings
from tests.browser import (
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    RECORD_CSP_VIOLATIONS,
    axe_violations,
    csp_violations,
    horizontal_overflow,
    html_errors,
    screenshot,
    sign_in,
)
from tests.helpers import make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def writer(db):
    """A member of the communications team with a post of her own, so all three boxes show."""
    user = make_user(
        "alice",
        first_name="Alice",
        last_name="Example",
        email="alice@council.example",
        perms=["posts.change_post"],
    )
    make_post(title="Winter roads", author=user)
    return user


def check_page(page, name):
    for width in (DESKTOP_WIDTH, PHONE_WIDTH):
        page.set_viewport_size({"width": width, "height": 900})
        found = axe_violations(page)
        assert found == [], f"{name} at {width} px: " + "; ".join(found)
    assert horizontal_overflow(page) <= 0, name
    assert csp_violations(page) == [], name


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_the_settings_are_changed_with_the_keyboard_alone(page, live_server, writer):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, writer, live_server.url)
    page.goto(live_server.url + reverse("alerts:follow"))
    section = page.get_by_role("region", name="Emails about comments")
    for name in [
        "When someone replies to one of my comments",
        "When an official reply is posted on a post I commented on",
        "When someone comments on one of my posts",
    ]:
        expect(section.get_by_role("checkbox", name=name)).to_be_checked()
    check_page(page, "settings")
    screenshot(page, "email-settings")

    # From the last email-alerts choice, Tab reaches the boxes in order, then the button.
    page.focus("#id_frequency_2")
    for _ in range(5):
        if focused_id(page) == "id_replies":
            break
        page.keyboard.press("Tab")
    assert focused_id(page) == "id_replies"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_official_replies"
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_new_comments"
    page.keyboard.press("Tab")
    expect(section.get_by_role("button", name="Save comment emails")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(
        "Saved. You will get an email when an official reply is posted on a post you commented "
        "on and when someone comments on one of your posts."
    )
    expect(
        section.get_by_role("checkbox", name="When someone replies to one of my comments")
    ).not_to_be_checked()
    chosen = EmailSettings.objects.get(user=writer)
    assert (chosen.replies, chosen.official_replies, chosen.new_comments) == (False, True, True)
    check_page(page, "settings after saving")
    screenshot(page, "email-settings-saved")


def test_the_unsubscribe_pages_are_accessible_and_valid(page, live_server, writer, tmp_path):
    chosen = EmailSettings.objects.create(user=writer)
    stop = reverse(
        "alerts:comment-unsubscribe", kwargs={"kind": "replies", "token": chosen.unsubscribe_token}
    )
    unknown = reverse("alerts:comment-unsubscribe", kwargs={"kind": "replies", "token": "x"})
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.goto(live_server.url + stop)
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop these emails?")
    check_page(page, "unsubscribe")
    page.get_by_role("button", name="Stop these emails").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Done: no more of these emails")
    check_page(page, "unsubscribed")
    page.goto(live_server.url + unknown)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This unsubscribe link is not recognised"
    )
    check_page(page, "unknown link")

    client = Client()
    client.force_login(writer)
    settings_page = client.get(reverse("alerts:follow")).text
    with_errors = client.post(reverse("alerts:comment-emails"), {}, follow=True).text
    anonymous = Client()
    documents = {
        "settings": settings_page,
        "settings-saved": with_errors,
        "unsubscribe": anonymous.get(stop).text,
        "unsubscribed": anonymous.post(stop).text,
        "unknown": anonymous.get(unknown).text,
    }
    assert "Emails about comments" in documents["settings"]
    assert "Stop these emails?" in documents["unsubscribe"]
    assert html_errors(documents, tmp_path) == {name: [] for name in documents}

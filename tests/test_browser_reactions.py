"""Reactions in Chromium: by keyboard without a reload, without JavaScript, and accessible."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from reactions.models import Reaction
from reactions.services import reaction_set
from readership.models import DailyReads
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
from tests.helpers import make_comment, make_post, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def post(db):
    post = make_post(
        title="Thank you, library teams",
        body="<p>Our libraries opened longer hours all winter.</p>",
        tags=["Thanks"],
    )
    for _ in range(2):
        reaction_set(post=post, user=make_user(), kind="thanks", pressed=True)
    reaction_set(post=post, user=make_user(), kind="useful", pressed=True)
    make_comment(post=post, body="Our branch loved the late openings.")
    DailyReads.objects.create(post=post, day=timezone.localdate(), directorate="", readers=12)
    return post


@pytest.fixture
def reader(db):
    return make_user("robin", first_name="Robin", last_name="Reader")


def thanks_button(page):
    return page.get_by_role("button", name="Thank you")


def test_a_reader_says_thank_you_by_keyboard_without_the_page_reloading(
    page, live_server, post, reader
):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    sign_in(page, reader, live_server.url)
    page.goto(post.get_absolute_url())
    for width in (DESKTOP_WIDTH, PHONE_WIDTH):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], width
    page.set_viewport_size({"width": DESKTOP_WIDTH, "height": 900})
    page.evaluate("window.stillTheSamePage = true")

    # From the last tag link under the post, the keyboard reaches Thank you next.
    page.locator(".post-footer a").last.focus()
    page.keyboard.press("Tab")
    button = thanks_button(page)
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Enter")

    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#reaction-count-thanks")).to_have_text("3 people")
    expect(page.get_by_role("status")).to_have_text("You said “Thank you”, with 2 other people.")
    expect(button).to_be_focused()
    assert page.evaluate("window.stillTheSamePage") is True
    assert Reaction.objects.filter(user=reader, kind="thanks").count() == 1
    assert axe_violations(page) == []
    assert horizontal_overflow(page) <= 0
    screenshot(page, "post-reactions")

    # Space takes it back, as on any button.
    page.set_viewport_size({"width": DESKTOP_WIDTH, "height": 900})
    button.focus()
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#reaction-count-thanks")).to_have_text("2 people")
    expect(page.get_by_role("status")).to_have_text("You took back “Thank you”.")
    assert not Reaction.objects.filter(user=reader).exists()
    assert page.evaluate("window.stillTheSamePage") is True

    # Coming back to the page (the browser asks whether it changed) shows the reader's state.
    thanks_button(page).press("Enter")
    expect(thanks_button(page)).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(thanks_button(page)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#reaction-count-thanks")).to_have_text("3 people")
    assert csp_violations(page) == []


def test_without_javascript_the_form_reacts_and_comes_back_to_the_reactions(
    chromium, live_server, post, reader
):
    context = chromium.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": DESKTOP_WIDTH, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, reader, live_server.url)
        page.goto(post.get_absolute_url())
        useful = page.get_by_role("button", name="Useful")
        expect(useful).to_have_attribute("aria-pressed", "false")
        useful.focus()
        page.keyboard.press("Enter")
        # Waiting on the page itself: Playwright's URL waits need the page's JavaScript.
        useful = page.get_by_role("button", name="Useful")
        expect(useful).to_have_attribute("aria-pressed", "true")
        assert page.url == f"{live_server.url}{post.get_absolute_url()}#reactions"
        expect(page.locator("#reaction-count-useful")).to_have_text("2 people")
        # Sent again: taken back, and the page the browser held is not shown instead.
        useful.click()
        expect(page.get_by_role("button", name="Useful")).to_have_attribute("aria-pressed", "false")
        expect(page.locator("#reaction-count-useful")).to_have_text("1 person")
        # axe-core runs as a script in the page, so it checks the same page with scripts on.
    finally:
        context.close()
    assert not Reaction.objects.filter(user=reader).exists()


def test_a_post_with_reactions_is_valid_html(browser_tools, post, reader, tmp_path):
    client = Client()
    client.force_login(reader)
    reaction_set(post=post, user=reader, kind="thanks", pressed=True)
    page = client.get(post.get_absolute_url()).text
    assert 'aria-pressed="true"' in page
    assert "Most read this month" in page
    assert "Recent comments" in page
    refused = client.post(f"/reactions/post/{post.pk}/", {"kind": "hugs", "pressed": "true"})
    documents = {"post with reactions": page, "reaction refused": refused.text}
    assert html_errors(documents, tmp_path) == {name: [] for name in documents}


def test_a_reader_signed_out_meanwhile_is_taken_to_sign_in_rather_than_left_guessing(
    page, live_server, post, reader
):
    sign_in(page, reader, live_server.url)
    page.goto(post.get_absolute_url())
    # The session ends (signed out in another tab, or timed out); the CSRF cookie stays.
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    thanks_button(page).click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert "/login/" in page.url
    assert not Reaction.objects.filter(user=reader).exists()

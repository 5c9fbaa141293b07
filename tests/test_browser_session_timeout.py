"""A member of staff whose session went idle is told so on the sign-in page, accessibly."""

import time
from importlib import import_module

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.sessions import SEEN
from tests.browser import RECORD_CSP_VIOLATIONS, axe_violations, csp_violations, sign_in
from tests.helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_idle_editor_opening_the_admin_reads_why_on_the_sign_in_page(page, live_server):
    editor = make_user("eddie", first_name="Eddie", last_name="Editor", is_staff=True)
    sign_in(page, editor, live_server.url)
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    session[SEEN] = int(time.time()) - 2 * 3600
    session.save()
    page.add_init_script(RECORD_CSP_VIOLATIONS)

    page.goto("/admin/")

    assert page.url == f"{live_server.url}/login/?next=/admin/"
    expect(page.get_by_role("alert")).to_have_text(
        "You were signed out because you had not used the site for 1 hour. Please sign in again."
    )
    assert csp_violations(page) == []
    # After the policy check: axe-core's own probes are refused by the policy in their turn.
    assert axe_violations(page) == []

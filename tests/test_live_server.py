"""The browser tests' live server answers requests that arrive together, as a browser sends them."""

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.urls import reverse

from tests.browser import session_cookie
from tests.helpers import WRITER_PERMS, make_post, staff_user

CSRF = "a" * 32


def sender(live_server, user):
    """Return a function that sends a GET (form None) or a POST to the live server as the user."""
    cookie = session_cookie(user)
    headers = {
        "Cookie": f"{cookie.key}={cookie.value}; {settings.CSRF_COOKIE_NAME}={CSRF}",
        "X-CSRFToken": CSRF,
        "Referer": live_server.url + "/",
    }

    def status(address, form=None):
        data = None if form is None else urlencode(form).encode()
        with urlopen(Request(live_server.url + address, data, headers), timeout=60) as answer:
            return answer.status

    return status


def test_a_writing_screens_requests_arriving_together_are_all_answered(live_server):
    # A reloaded writing screen's page and its autosave beacon reach the server together. On
    # SQLite in memory two requests writing at once failed ("database table is locked" in a CI
    # run, 2026-12-04, or a broken transaction); tests/live_server.py says why.
    post = make_post()
    send = sender(live_server, staff_user(perms=WRITER_PERMS))
    saves = [
        (reverse("editing:autosave", args=[post.pk]), {"excerpt": f"Summary {n}"})
        for n in range(12)
    ]
    marks = [(reverse("editing:presence", args=[post.pk]), {}) for _ in range(12)]
    pages = [(reverse("admin:posts_post_change", args=[post.pk]), None) for _ in range(12)]
    requests = [request for trio in zip(saves, marks, pages, strict=True) for request in trio]

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda request: send(*request), requests))

    assert statuses == [200] * len(requests)

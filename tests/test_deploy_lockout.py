"""Sign-in lockout and the comment rate limit behind the shipped nginx and two app servers.

Clients connect to nginx from different loopback addresses (127.0.0.2, 127.0.0.3...), as people
at different computers would; nginx adds each one's address to X-Forwarded-For and the app trusts
that header from nginx only (CEOBLOG_TRUSTED_PROXIES=127.0.0.1/32). The comment rate limit is
tried with comments sent at the same moment to both servers, each answering four at a time.
"""

import functools
import http.client
import re
import threading
import urllib.request

import pytest

from tests.deployment import CSRF_INPUT, MARKS, PASSWORD, Browser, NoRedirect, cluster_started

pytestmark = MARKS

ATTACKER, COLLEAGUE, SPRAYER = "127.0.0.2", "127.0.0.3", "127.0.0.4"

SETUP = f"""
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from posts.models import Post
admin = User.objects.create_superuser("admin", "admin@council.example", "{PASSWORD}")
User.objects.create_user("robin", password="{PASSWORD}", first_name="Robin")
User.objects.create_user("casey", password="{PASSWORD}", first_name="Casey")
Post.objects.create(title="Gritting this winter", slug="gritting", author=admin,
    body="<p>Every route is covered.</p>", status="published",
    published_at=timezone.now() - timedelta(days=1))
"""


class SourceAddressHandler(urllib.request.HTTPHandler):
    """Open every connection from one local address."""

    def __init__(self, address):
        super().__init__()
        self.address = address

    def http_open(self, request):
        connection = functools.partial(http.client.HTTPConnection, source_address=(self.address, 0))
        return self.do_open(connection, request)


class BrowserAt(Browser):
    """A browser on a computer with its own address."""

    def __init__(self, address, headers=None):
        super().__init__()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect, SourceAddressHandler(address)
        )
        self.opener.addheaders = list((headers or {}).items())

    def try_password(self, base, username, password):
        _, _, page = self.get(f"{base}/login/")
        token = CSRF_INPUT.search(page)
        fields = {"username": username, "password": password}
        if token:
            fields["csrfmiddlewaretoken"] = token.group(1)
        return self.post(f"{base}/login/", fields)


@pytest.fixture(scope="module")
def lockout_cluster(tmp_path_factory):
    with cluster_started(
        tmp_path_factory.mktemp("lockout"),
        extra_env={
            "CEOBLOG_TRUSTED_PROXIES": "127.0.0.1/32",
            "CEOBLOG_COMMENT_MODERATION": "none",
            "CEOBLOG_COMMENTS_PER_MINUTE": "5",
            "GUNICORN_THREADS": "4",
        },
        setup_script=SETUP,
    ) as started:
        yield started


def test_five_wrong_passwords_lock_admin_at_the_attackers_address_only(lockout_cluster):
    nginx = lockout_cluster["nginx"]
    attacker = BrowserAt(ATTACKER)
    answers = [attacker.try_password(nginx, "admin", "a-guess")[0] for _ in range(5)]

    assert answers == [200, 200, 200, 200, 429]
    status, _, page = attacker.try_password(nginx, "admin", PASSWORD)
    assert status == 429
    assert "Signing in is paused" in page
    assert "You can try again in 15 minutes, at " in page

    status, headers, _ = BrowserAt(COLLEAGUE).try_password(nginx, "admin", PASSWORD)
    assert status == 302
    assert headers["Location"] == "/"


def test_a_forwarded_for_header_sent_by_the_attacker_does_not_give_a_fresh_address(lockout_cluster):
    nginx = lockout_cluster["nginx"]
    for number in range(5):
        forger = BrowserAt(ATTACKER, headers={"X-Forwarded-For": f"192.0.2.{number}"})
        forger.try_password(nginx, "robin", "a-guess")

    forger = BrowserAt(ATTACKER, headers={"X-Forwarded-For": "192.0.2.99"})
    assert forger.try_password(nginx, "robin", PASSWORD)[0] == 429
    assert BrowserAt(COLLEAGUE).try_password(nginx, "robin", PASSWORD)[0] == 302


def test_password_spraying_from_one_address_locks_that_address_for_every_username(lockout_cluster):
    nginx = lockout_cluster["nginx"]
    sprayer = BrowserAt(SPRAYER)
    answers = [sprayer.try_password(nginx, f"person{n}", "Winter2026!")[0] for n in range(20)]

    assert answers == [200] * 19 + [429]
    status, _, page = sprayer.try_password(nginx, "robin", PASSWORD)
    assert status == 429
    assert "from your network address, to several accounts" in page
    assert BrowserAt(COLLEAGUE).try_password(nginx, "robin", PASSWORD)[0] == 302


def test_sixteen_comments_sent_at_once_to_both_servers_keep_to_five_a_minute(lockout_cluster):
    casey = BrowserAt(COLLEAGUE)
    casey.sign_in(lockout_cluster["nginx"], "casey")
    _, _, home = casey.get(f"{lockout_cluster['nginx']}/")
    post_path = re.search(r'<h2[^>]*><a href="([^"]+)"', home).group(1)
    _, _, page = casey.get(f"{lockout_cluster['nginx']}{post_path}")
    form = next(
        match
        for match in re.finditer(r'<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>', page, re.S)
        if "<textarea" in match.group(2)
    )
    action = form.group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    attempts = 16
    start = threading.Barrier(attempts)
    answers = []

    def send(number):
        base = lockout_cluster["a"] if number % 2 else lockout_cluster["b"]
        start.wait()
        answers.append(casey.post(f"{base}{action}", {**fields, "body": f"Attempt {number}"})[0])

    threads = [threading.Thread(target=send, args=(number,)) for number in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == [303] * 5 + [429] * 11
    shown = re.findall(r"Attempt \d+", casey.get(f"{lockout_cluster['nginx']}{post_path}")[2])
    assert len(set(shown)) == 5

"""Mail behind nginx on two servers: a hung mail server never slows or fails a page.

The app servers send mail to a server that accepts connections and never answers. Twenty held
comments through nginx all succeed quickly; the sender (send_queued_mail, as cron runs it) gives
up within EMAIL_TIMEOUT and keeps every message; once the mail server works again, each
moderator email is sent exactly once. Skipped where nginx, redis-server or gunicorn are missing.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.deployment import MARKS, ROOT, Browser, cluster_started, free_port
from tests.smtp_fakes import hung_smtp_server_on, working_smtp_server

pytestmark = [*MARKS, pytest.mark.timing]

TIMEOUT = 2
MODERATORS = ["mo@council.example", "office@council.example"]


@pytest.fixture(scope="module")
def mail_port():
    return free_port()


@pytest.fixture(scope="module")
def mail_cluster(tmp_path_factory, mail_port):
    extra_env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_port),
        "EMAIL_TIMEOUT": str(TIMEOUT),
        "CEOBLOG_COMMENT_MODERATION": "all",
        "CEOBLOG_MODERATOR_EMAILS": ",".join(MODERATORS),
        "CEOBLOG_COMMENTS_PER_MINUTE": "0",
    }
    with cluster_started(tmp_path_factory.mktemp("mail"), extra_env=extra_env) as started:
        yield started


def send_queued_mail(mail_cluster):
    """Run the sender as cron does; return its output and how long it took."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", "send_queued_mail"],
        cwd=ROOT,
        env=mail_cluster["env"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout, time.monotonic() - started


def comment_form(browser, base):
    _, _, home = browser.get(f"{base}/")
    post_path = re.search(r'<h2[^>]*><a href="([^"]+)"', home).group(1)
    _, _, page = browser.get(f"{base}{post_path}")
    form = next(
        match
        for match in re.finditer(r'<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>', page, re.S)
        if "<textarea" in match.group(2)
    )
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form[2]))
    textarea = re.search(r'<textarea[^>]*name="([^"]+)"', form[2]).group(1)
    return form.group(1) or post_path, fields, textarea


def test_a_hung_mail_server_during_twenty_held_comments(mail_cluster, mail_port):
    reader = Browser()
    reader.sign_in(mail_cluster["nginx"], "robin")
    action, fields, textarea = comment_form(reader, mail_cluster["nginx"])
    with hung_smtp_server_on(mail_port):
        statuses, seconds = [], []
        for number in range(1, 21):
            started = time.monotonic()
            status, _, _ = reader.post(
                f"{mail_cluster['nginx']}{action}",
                {**fields, textarea: f"Held question number {number}, please"},
            )
            seconds.append(time.monotonic() - started)
            statuses.append(status)
        assert statuses == [303] * 20
        assert max(seconds) < 1.0, seconds

        output, took = send_queued_mail(mail_cluster)
        # Django's start-up is part of the time; the mail server is given EMAIL_TIMEOUT.
        assert took < TIMEOUT + 4, took
        assert "Sent 0 email(s); 1 failed and will be retried." in output

    # The first message waits for its retry; time passes (two minutes), the server recovers.
    mail_cluster["manage"](
        "shell",
        "-c",
        "from django.utils import timezone; from outbox.models import QueuedMail; "
        "QueuedMail.objects.update(next_attempt_at=timezone.now())",
    )
    with working_smtp_server(mail_port) as server:
        first, _ = send_queued_mail(mail_cluster)
        second, _ = send_queued_mail(mail_cluster)
    assert "Sent 20 email(s); 0 failed" in first
    assert "Sent 0 email(s); 0 failed" in second
    bodies = [message.get_payload(decode=True).decode() for _, _, message in server.received]
    for number in range(1, 21):
        assert sum(f"Held question number {number}, please" in body for body in bodies) == 1
    assert all(sorted(to) == MODERATORS for _, to, _ in server.received)


def test_the_shipped_cron_file_sends_queued_mail_every_minute():
    lines = (Path(ROOT) / "deploy" / "ceoblog.cron").read_text().splitlines()
    [line] = [line for line in lines if "send_queued_mail" in line and not line.startswith("#")]
    assert line.split()[:5] == ["*"] * 5

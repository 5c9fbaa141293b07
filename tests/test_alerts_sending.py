import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.test import Client
from django.utils import timezone

from alerts import sending
from alerts.models import Delivery, Subscription
from alerts.sending import alerts_send
from outbox.services import mail_queue
from posts.models import Post
from tests.helpers import make_post, make_subscription

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.CEOBLOG_SITE_URL = "https://intranet.example.gov.uk"


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_immediate_subscriber_gets_each_new_post_once(settings):
    subscription = make_subscription()
    post = make_post(title="Gritting & snow", excerpt="Thanks to the crews.")

    first = alerts_send()
    second = alerts_send()

    assert (first.immediate, second.immediate) == (1, 0)
    [message] = mail.outbox
    assert message.to == [subscription.user.email]
    assert message.subject == f"New on {settings.CEOBLOG_TITLE}: Gritting & snow"
    assert f"https://intranet.example.gov.uk{post.get_absolute_url()}" in message.body
    assert "Thanks to the crews." in message.body
    unsubscribe = (
        f"https://intranet.example.gov.uk/alerts/unsubscribe/{subscription.unsubscribe_token}/"
    )
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Gritting &amp; snow" in html


def test_each_subscriber_gets_their_own_email():
    first = make_subscription()
    second = make_subscription()
    make_post()

    alerts_send()

    assert len(sent_to(first.user.email)) == 1
    assert len(sent_to(second.user.email)) == 1


def test_posts_published_before_subscribing_are_not_sent():
    make_post(title="Old news", published_at=timezone.now() - timedelta(days=3))
    make_subscription(created_at=timezone.now() - timedelta(days=1))
    make_post(title="New news", published_at=timezone.now() - timedelta(minutes=5))

    alerts_send()

    assert [message.subject.split(": ", 1)[1] for message in mail.outbox] == ["New news"]


def test_drafts_and_scheduled_posts_are_not_sent_until_published():
    make_subscription()
    draft = make_post(status=Post.Status.DRAFT)
    scheduled = make_post(published_at=timezone.now() + timedelta(hours=1))

    alerts_send()
    assert mail.outbox == []

    Post.objects.filter(pk=draft.pk).update(
        status=Post.Status.PUBLISHED, published_at=timezone.now()
    )
    # The scheduled time comes.
    Post.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    alerts_send()

    assert len(mail.outbox) == 2
    assert {message.subject.split(": ", 1)[1] for message in mail.outbox} == {
        draft.title,
        scheduled.title,
    }


def test_inactive_accounts_and_accounts_without_email_get_nothing():
    gone = make_subscription()
    gone.user.is_active = False
    gone.user.save()
    blank = make_subscription()
    blank.user.email = ""
    blank.user.save()
    make_post()

    alerts_send()

    assert mail.outbox == []


def test_a_failed_send_is_retried_on_the_next_run(monkeypatch):
    subscription = make_subscription()
    make_post()
    real_send = sending.email_send

    def broken(message, connection):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(sending, "email_send", broken)
    failed = alerts_send()
    monkeypatch.setattr(sending, "email_send", real_send)
    retried = alerts_send()

    assert failed.failed == 1
    assert retried.immediate == 1
    assert len(sent_to(subscription.user.email)) == 1


def test_the_same_post_cannot_be_recorded_twice_for_a_subscriber():
    subscription = make_subscription()
    post = make_post()
    Delivery.objects.create(subscription=subscription, post=post)

    with pytest.raises(IntegrityError):
        Delivery.objects.create(subscription=subscription, post=post)


def test_overlapping_runs_one_after_another_send_once():
    make_subscription()
    make_post()

    alerts_send()
    alerts_send()

    assert len(mail.outbox) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_each_post_once(monkeypatch):
    subscription = make_subscription()
    make_post()
    make_post()
    first_is_sending = threading.Event()
    second_run_done = threading.Event()
    real_send = sending.email_send
    reports = {}

    def slow_send(message, connection):
        # The first run holds the subscriber while the second run goes through everything.
        if threading.current_thread().name == "first":
            first_is_sending.set()
            second_run_done.wait(timeout=10)
        real_send(message, connection)

    monkeypatch.setattr(sending, "email_send", slow_send)

    def run(name):
        try:
            reports[name] = alerts_send()
        finally:
            connection.close()

    first = threading.Thread(target=run, args=["first"], name="first")
    first.start()
    assert first_is_sending.wait(timeout=10)
    second = threading.Thread(target=run, args=["second"], name="second")
    second.start()
    second.join(timeout=10)
    second_finished_while_first_was_sending = not second.is_alive()
    second_run_done.set()
    first.join(timeout=10)

    assert second_finished_while_first_was_sending
    assert reports["second"].failed == 0
    assert reports["second"].immediate == 0
    assert reports["first"].immediate == 2
    assert len(sent_to(subscription.user.email)) == 2
    assert Delivery.objects.count() == 2


# Weekly digests


def digest_day(settings, now):
    settings.CEOBLOG_ALERTS_DIGEST_WEEKDAY = timezone.localtime(now).weekday()


def test_weekly_digest_groups_the_weeks_posts_in_one_email(settings):
    now = timezone.now()
    digest_day(settings, now)
    subscription = make_subscription(frequency="weekly")
    for days, title in [(6, "Monday thanks"), (3, "Budget update"), (1, "Snow plan")]:
        make_post(title=title, published_at=now - timedelta(days=days))

    report = alerts_send(now=now)

    assert report.digests == 1
    [message] = mail.outbox
    assert message.to == [subscription.user.email]
    assert message.subject == f"This week on {settings.CEOBLOG_TITLE}: 3 new posts"
    assert message.body.index("Monday thanks") < message.body.index("Budget update")
    assert message.body.index("Budget update") < message.body.index("Snow plan")
    assert "/alerts/unsubscribe/" in message.body


def test_no_digest_on_other_days(settings):
    now = timezone.now()
    settings.CEOBLOG_ALERTS_DIGEST_WEEKDAY = (timezone.localtime(now).weekday() + 1) % 7
    make_subscription(frequency="weekly")
    make_post()

    assert alerts_send(now=now).digests == 0
    assert mail.outbox == []


def test_digest_goes_once_on_its_day_and_the_next_holds_only_new_posts(settings):
    now = timezone.now()
    digest_day(settings, now)
    subscription = make_subscription(frequency="weekly")
    make_post(title="Pothole blitz", published_at=now - timedelta(days=2))

    alerts_send(now=now)
    alerts_send(now=now + timedelta(minutes=10))
    # A week passes: the first digest is now last week's, and a new post has appeared.
    Subscription.objects.filter(pk=subscription.pk).update(last_digest_at=now - timedelta(days=7))
    make_post(title="Library reopens", published_at=now - timedelta(hours=1))
    alerts_send(now=now)

    assert len(mail.outbox) == 2
    assert "Pothole blitz" not in mail.outbox[1].body
    assert "Library reopens" in mail.outbox[1].body
    assert mail.outbox[1].subject.endswith(": 1 new post")


def test_weekly_subscriber_gets_no_immediate_alert(settings):
    settings.CEOBLOG_ALERTS_DIGEST_WEEKDAY = (timezone.localtime().weekday() + 1) % 7
    make_subscription(frequency="weekly")
    make_post()

    assert alerts_send().immediate == 0


def test_digest_with_no_new_posts_sends_nothing(settings):
    now = timezone.now()
    digest_day(settings, now)
    make_subscription(frequency="weekly")

    assert alerts_send(now=now).digests == 0
    assert mail.outbox == []


def test_command_reports_what_it_sent_and_drains_the_mail_queue(capsys):
    make_subscription()
    make_post()
    mail_queue(subject="Comment awaiting moderation", body="Look.", to=["mod@example.org"])

    call_command("send_post_alerts")

    assert capsys.readouterr().out.strip().splitlines() == [
        "Sent 1 post alert(s) and 0 digest(s).",
        "Sent 1 queued email(s); 0 failed and will be retried.",
    ]
    assert [m.subject for m in mail.outbox if m.to == ["mod@example.org"]] == [
        "Comment awaiting moderation"
    ]


def test_command_refuses_to_send_links_without_the_site_address(settings):
    settings.CEOBLOG_SITE_URL = ""
    make_subscription()
    make_post()

    with pytest.raises(CommandError, match="Set CEOBLOG_SITE_URL"):
        call_command("send_post_alerts")

    assert mail.outbox == []


# Unsubscribing from the email


def test_unsubscribe_link_works_without_signing_in(client):
    subscription = make_subscription()
    address = f"/alerts/unsubscribe/{subscription.unsubscribe_token}/"

    confirm = client.get(address)
    done = client.post(address)

    assert confirm.status_code == 200
    assert "Stop emails about new posts?" in confirm.text
    assert subscription.user.email in confirm.text
    assert done.status_code == 200
    assert "You are unsubscribed" in done.text
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_opening_the_link_alone_does_not_unsubscribe(client):
    subscription = make_subscription()

    client.get(f"/alerts/unsubscribe/{subscription.unsubscribe_token}/")

    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_unsubscribe_link_stops_only_its_owners_emails(client):
    mine = make_subscription()
    theirs = make_subscription()

    client.post(f"/alerts/unsubscribe/{mine.unsubscribe_token}/")
    make_post()
    alerts_send()

    assert list(Subscription.objects.all()) == [theirs]
    assert [message.to for message in mail.outbox] == [[theirs.user.email]]


def test_mail_program_one_click_unsubscribe_needs_no_csrf_token():
    subscription = make_subscription()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"/alerts/unsubscribe/{subscription.unsubscribe_token}/",
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_wrong_or_used_unsubscribe_link_is_404_with_help(client):
    subscription = make_subscription()
    address = f"/alerts/unsubscribe/{subscription.unsubscribe_token}/"
    client.post(address)

    used = client.get(address)
    wrong = client.post("/alerts/unsubscribe/not-a-token/")

    assert used.status_code == 404
    assert "This unsubscribe link is not recognised" in used.text
    assert wrong.status_code == 404


def test_resubscribing_starts_from_new_posts(client):
    subscription = make_subscription()
    user = subscription.user
    client.post(f"/alerts/unsubscribe/{subscription.unsubscribe_token}/")
    make_post(title="While away", published_at=timezone.now() - timedelta(minutes=1))
    client.force_login(user)

    client.post("/follow/email/", {"frequency": "immediate"})
    alerts_send()

    assert mail.outbox == []


def test_alerts_and_digests_link_to_posts_with_the_marker_readership_counts(settings):
    now = timezone.now()
    digest_day(settings, now)
    immediate = make_subscription()
    weekly = make_subscription(frequency="weekly")
    post = make_post(title="Snow plan", published_at=now - timedelta(hours=1))
    link = f"https://intranet.example.gov.uk{post.get_absolute_url()}?from=alert"

    alerts_send(now=now)

    [alert] = sent_to(immediate.user.email)
    [digest] = sent_to(weekly.user.email)
    assert f"Read the post: {link}\n" in alert.body
    assert f'href="{link}"' in alert.alternatives[0][0]
    assert link in digest.body

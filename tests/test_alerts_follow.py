import re

import pytest
from django.urls import reverse

from alerts.models import FeedToken, Subscription
from alerts.services import feed_token_create
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db


def test_follow_page_needs_sign_in(client, settings):
    response = client.get("/follow/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_follow_page_offers_to_create_a_private_feed_address(reader_client):
    response = reader_client.get("/follow/")

    assert response.status_code == 200
    assert "Create my private feed address" in response.text
    assert "no-store" in response["Cache-Control"]


def test_creating_a_private_address_shows_it_on_the_follow_page(reader_client, reader, settings):
    settings.CEOBLOG_SITE_URL = "https://intranet.example.gov.uk"
    make_post(tags=["winter"])

    response = reader_client.post("/follow/feed-address/", {"action": "create"}, follow=True)

    token = FeedToken.objects.get(user=reader, revoked_at__isnull=True).token
    assert f"https://intranet.example.gov.uk/feed/private/{token}/" in response.text
    assert f"/feed/private/{token}/atom/" in response.text
    assert f"/feed/private/{token}/tag/winter/" in response.text
    assert "Your private feed address is ready" in response.text


def test_getting_a_new_address_turns_the_old_one_off(reader_client, reader):
    old = feed_token_create(user=reader)

    reader_client.post("/follow/feed-address/", {"action": "create"})

    old.refresh_from_db()
    assert old.revoked_at is not None
    assert FeedToken.objects.filter(user=reader, revoked_at__isnull=True).count() == 1


def test_turning_the_address_off_leaves_none_live(reader_client, reader):
    feed_token_create(user=reader)

    response = reader_client.post("/follow/feed-address/", {"action": "revoke"}, follow=True)

    assert not FeedToken.objects.filter(user=reader, revoked_at__isnull=True).exists()
    assert "Create my private feed address" in response.text


def test_unknown_address_action_is_a_bad_request(reader_client):
    assert reader_client.post("/follow/feed-address/", {"action": "steal"}).status_code == 400


def test_one_user_cannot_have_two_live_tokens(reader):
    FeedToken.objects.create(user=reader)

    with pytest.raises(Exception, match="one_live_feed_token_per_user|UNIQUE"):
        FeedToken.objects.create(user=reader)


def test_subscribing_to_immediate_alerts(client):
    user = make_user("sam", email="sam@council.example")
    client.force_login(user)

    response = client.post("/follow/email/", {"frequency": "immediate"}, follow=True)

    assert Subscription.objects.get(user=user).frequency == "immediate"
    assert "to sam@council.example" in response.text


def test_changing_to_weekly_keeps_one_subscription(client):
    user = make_user("sam", email="sam@council.example")
    client.force_login(user)
    client.post("/follow/email/", {"frequency": "immediate"})

    client.post("/follow/email/", {"frequency": "weekly"})

    assert list(Subscription.objects.values_list("user__username", "frequency")) == [
        ("sam", "weekly")
    ]


def test_choosing_no_emails_unsubscribes(client):
    user = make_user("sam", email="sam@council.example")
    client.force_login(user)
    client.post("/follow/email/", {"frequency": "weekly"})

    client.post("/follow/email/", {"frequency": "none"})

    assert not Subscription.objects.exists()


def test_the_page_shows_the_current_choice(client):
    user = make_user("sam", email="sam@council.example")
    client.force_login(user)
    client.post("/follow/email/", {"frequency": "weekly"})

    response = client.get("/follow/")

    checked = re.findall(r'<input type="radio"[^>]*value="(\w+)"[^>]*checked', response.text)
    assert checked == ["weekly"]


def test_missing_or_unknown_frequency_gets_an_error_summary(client):
    user = make_user("sam", email="sam@council.example")
    client.force_login(user)

    response = client.post("/follow/email/", {"frequency": "hourly"})

    assert response.status_code == 400
    assert '<a href="#id_frequency_0">' in response.text
    assert not Subscription.objects.exists()


def test_account_without_email_is_told_why_it_cannot_subscribe(reader_client):
    response = reader_client.post("/follow/email/", {"frequency": "immediate"})

    assert response.status_code == 400
    assert "Your account has no email address" in response.text
    assert not Subscription.objects.exists()


def test_header_links_to_the_follow_page(reader_client):
    assert '<a href="/follow/">Follow this blog</a>' in reader_client.get("/").text

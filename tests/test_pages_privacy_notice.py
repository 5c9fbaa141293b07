"""The privacy notice: its address, default text, the figures from settings and its admin."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import resolve, reverse

from pages.models import PrivacyNotice, privacy_notice_get
from pages.privacy_defaults import REVIEWED_ON
from pages.views import privacy_notice

pytestmark = pytest.mark.django_db

NOTICE_URL = "/privacy/"


def test_notice_address_resolves_both_ways():
    assert reverse("pages:privacy") == NOTICE_URL
    assert resolve(NOTICE_URL).func == privacy_notice


def test_migration_creates_the_notice_with_the_default_text():
    PrivacyNotice.objects.all().delete()
    migration = import_module("pages.migrations.0003_privacy_notice")
    migration.create_notice(django_apps, schema_editor=None)

    notice = PrivacyNotice.objects.get()
    assert notice.reviewed_on == REVIEWED_ON
    assert "<h2>What is counted when you read a post</h2>" in notice.body


def test_notice_says_what_is_counted_for_how_long_and_who_sees_it(client):
    response = client.get(NOTICE_URL)
    assert response.status_code == 200
    page = response.text
    assert '<h1 id="notice-title">Privacy notice for From the Chief Executive</h1>' in page
    assert "The first time you open a post, the blog records that you read it" in page
    assert "Deleted 30 days after the first read; after that, daily totals only." in page
    assert "Any figure for fewer than 10 people shows as “fewer than 10”." in page
    assert "No one can see, on the blog, which posts a named person has read." in page
    assert "sees only how many people\ngave each reaction, never who" in page
    assert "every email has a link that stops it in one click" in page


def test_notice_states_the_period_and_group_size_set(client, settings):
    settings.CEOBLOG_READS_KEPT_DAYS = 14
    settings.CEOBLOG_READERSHIP_MIN_GROUP = 5
    page = client.get(NOTICE_URL).text
    assert "Deleted 14 days after the first read" in page
    assert "Any figure for fewer than 5 people shows as “fewer than 5”." in page


@pytest.mark.parametrize(
    ("signed_in", "address", "status"),
    [(True, "/", 200), (False, "/login/", 200), (False, NOTICE_URL, 200)],
)
def test_every_page_footer_links_to_the_notice_after_the_statement(
    client, reader, signed_in, address, status
):
    if signed_in:
        client.force_login(reader)
    response = client.get(address)
    assert response.status_code == status
    statement = '<li><a href="/accessibility/">Accessibility statement</a></li>'
    notice = f'<li><a href="{NOTICE_URL}">Privacy notice</a></li>'
    assert statement in response.text
    assert notice in response.text
    assert response.text.index(statement) < response.text.index(notice)


def test_notice_is_recreated_with_the_default_text_if_its_row_is_lost():
    PrivacyNotice.objects.all().delete()
    notice = privacy_notice_get()
    assert notice.pk == 1
    assert notice.reviewed_on == REVIEWED_ON
    assert PrivacyNotice.objects.count() == 1


def test_admin_edits_appear_on_the_page_with_unsafe_markup_removed(admin_client, client):
    notice = privacy_notice_get()
    response = admin_client.post(
        reverse("admin:pages_privacynotice_change", args=[notice.pk]),
        {
            "body": '<h2>Reading</h2><p>Counted once.</p><script>alert("x")</script>',
            "reviewed_on": "05/01/2027",
        },
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.body == "<h2>Reading</h2><p>Counted once.</p>"

    page = client.get(NOTICE_URL).text
    assert "<p>Counted once.</p>" in page
    assert 'last reviewed on <time datetime="2027-01-05">5 January 2027</time>' in page
    assert "<script>" not in page


def test_admin_list_opens_the_one_notice_and_offers_no_add_or_delete(admin_client):
    response = admin_client.get(reverse("admin:pages_privacynotice_changelist"))
    assert response.status_code == 302
    assert response.url == reverse("admin:pages_privacynotice_change", args=[1])
    assert admin_client.get(reverse("admin:pages_privacynotice_add")).status_code == 403
    delete_url = reverse("admin:pages_privacynotice_delete", args=[1])
    assert admin_client.get(delete_url).status_code == 403


def test_a_reader_cannot_open_the_notice_in_the_admin(reader_client):
    response = reader_client.get(reverse("admin:pages_privacynotice_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]

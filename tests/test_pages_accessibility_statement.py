from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import resolve, reverse

from pages.defaults import PREPARED_ON
from pages.models import AccessibilityStatement, accessibility_statement_get
from pages.views import accessibility_statement
from tests.helpers import make_post

pytestmark = pytest.mark.django_db

STATEMENT_URL = "/accessibility/"


def test_statement_address_resolves_both_ways():
    assert reverse("pages:accessibility") == STATEMENT_URL
    assert resolve(STATEMENT_URL).func == accessibility_statement


def test_migrations_create_the_statement_with_the_default_text():
    # The migration's own step, run again: the row it made at the start of the run is gone after
    # any test in a transaction (those empty every table), which may come first in this process.
    AccessibilityStatement.objects.all().delete()
    migration = import_module("pages.migrations.0001_accessibility_statement")
    migration.create_statement(django_apps, schema_editor=None)

    statement = AccessibilityStatement.objects.get()
    assert statement.compliance == AccessibilityStatement.Compliance.PARTIAL
    assert statement.prepared_on == PREPARED_ON
    assert "<h2>Enforcement procedure</h2>" in statement.introduction


def test_statement_is_readable_without_signing_in(client):
    response = client.get(STATEMENT_URL)
    assert response.status_code == 200
    assert '<h1 id="statement-title">Accessibility statement for From the Chief Executive</h1>' in (
        response.text
    )
    assert "This blog is partially compliant with the" in response.text
    assert "<h2>Reporting accessibility problems with this blog</h2>" in response.text
    assert "<h2>Enforcement procedure</h2>" in response.text
    assert (
        'This statement was prepared on <time datetime="2026-11-22">22 November 2026</time>.'
        in response.text
    )


def test_statement_shows_no_post_titles_to_people_not_signed_in(client):
    make_post(title="Restructure of the finance team")
    response = client.get(STATEMENT_URL)
    assert "Restructure of the finance team" not in response.text


def test_page_not_found_shows_no_post_titles_to_people_not_signed_in(client):
    make_post(title="Restructure of the finance team")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Restructure of the finance team" not in response.text


@pytest.mark.parametrize(
    ("signed_in", "address", "status"),
    [
        (True, "/", 200),
        (False, "/login/", 200),
        (False, "/no-such-page/", 404),
        (False, STATEMENT_URL, 200),
    ],
)
def test_every_page_footer_links_to_the_statement(client, reader, signed_in, address, status):
    if signed_in:
        client.force_login(reader)
    response = client.get(address)
    assert response.status_code == status
    assert f'<a href="{STATEMENT_URL}">Accessibility statement</a>' in response.text


def test_statement_is_recreated_with_the_default_text_if_its_row_is_lost():
    AccessibilityStatement.objects.all().delete()
    statement = accessibility_statement_get()
    assert statement.pk == 1
    assert statement.reviewed_on == PREPARED_ON
    assert AccessibilityStatement.objects.count() == 1


def test_admin_edits_appear_on_the_page_with_unsafe_markup_removed(admin_client, client):
    statement = accessibility_statement_get()
    change_url = reverse("admin:pages_accessibilitystatement_change", args=[statement.pk])
    response = admin_client.post(
        change_url,
        {
            "introduction": '<h2>Using this blog</h2><p>Updated.</p><script>alert("x")</script>',
            "compliance": "full",
            "non_accessible_content": "<h2>Non-accessible content</h2><p>None known.</p>",
            "prepared_on": "22/11/2026",
            "reviewed_on": "05/01/2027",
        },
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.introduction == "<h2>Using this blog</h2><p>Updated.</p>"

    page = client.get(STATEMENT_URL).text
    assert "This blog is fully compliant with the" in page
    assert "<p>None known.</p>" in page
    assert 'last reviewed on <time datetime="2027-01-05">5 January 2027</time>' in page
    assert "<script>" not in page


def test_admin_list_opens_the_one_statement_and_offers_no_add_or_delete(admin_client):
    response = admin_client.get(reverse("admin:pages_accessibilitystatement_changelist"))
    assert response.status_code == 302
    assert response.url == reverse("admin:pages_accessibilitystatement_change", args=[1])
    assert admin_client.get(reverse("admin:pages_accessibilitystatement_add")).status_code == 403
    delete_url = reverse("admin:pages_accessibilitystatement_delete", args=[1])
    assert admin_client.get(delete_url).status_code == 403

"""The audit log in the admin, and anonymising departed members of staff."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.services import REMOVED_COMMENT_TEXT, user_anonymise
from audit.models import AuditEvent
from readership.folding import reads_fold
from readership.models import DailyReads
from tests.helpers import client_as, make_comment, make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada_client(client):
    admin = make_user("chief", first_name="Ada", last_name="Admin", is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    client.admin = admin
    return client


def anonymise(client, users, choice="keep"):
    return client.post(
        "/admin/auth/user/",
        {
            "action": "anonymise_departed_staff",
            "_selected_action": [user.pk for user in users],
            "comments": choice,
            "confirm": "Anonymise these accounts",
        },
        follow=True,
    )


def test_the_action_asks_what_to_do_with_their_comments_first(ada_client):
    leaver = make_user("leaver", first_name="Lee", last_name="Vern")

    response = ada_client.post(
        "/admin/auth/user/",
        {"action": "anonymise_departed_staff", "_selected_action": [leaver.pk]},
    )

    assert response.status_code == 200
    assert "Lee Vern (leaver)" in response.text
    assert "Keep their comments" in response.text
    assert "Remove the text of their comments" in response.text
    leaver.refresh_from_db()
    assert leaver.is_active


def test_anonymising_deactivates_and_renames_the_account(ada_client):
    leaver = make_user("leaver", first_name="Lee", last_name="Vern", email="lee@council.example")
    leaver.groups.add(Group.objects.get(name="Communications"))

    response = anonymise(ada_client, [leaver])

    assert "Anonymised 1 account(s). The audit log records it." in response.text
    leaver.refresh_from_db()
    assert leaver.username == f"former-staff-{leaver.pk}"
    assert leaver.get_full_name() == "Former member of staff"
    assert leaver.email == ""
    assert not leaver.is_active
    assert not leaver.has_usable_password()
    assert not leaver.groups.exists()


def test_anonymising_is_recorded_in_the_audit_log_in_one_row(ada_client):
    leaver = make_user("leaver", is_staff=True)
    leaver.groups.add(Group.objects.get(name="Moderators"))
    before = AuditEvent.objects.count()

    anonymise(ada_client, [leaver], choice="remove")

    [event] = AuditEvent.objects.filter(object_id=str(leaver.pk), action="user.anonymise")
    assert AuditEvent.objects.count() == before + 1
    assert event.actor == ada_client.admin
    assert event.message.startswith("Anonymised a departed member of staff")
    assert "Staff status: yes → no." in event.message
    assert "Groups removed: Moderators." in event.message
    assert "comment(s) removed" in event.message
    page = ada_client.get("/admin/audit/auditevent/")
    assert "Anonymised a departed member of staff" in page.text
    assert f'<td class="field-object_repr">former-staff-{leaver.pk}</td>' in page.text
    # The leaver's real name is not written into the log by anonymising them.
    assert "leaver" not in event.object_repr


def test_an_administrator_cannot_anonymise_themselves(ada_client):
    response = anonymise(ada_client, [ada_client.admin])

    assert "You cannot anonymise your own account." in response.text
    ada_client.admin.refresh_from_db()
    assert ada_client.admin.is_active


def test_the_audit_log_lists_admin_changes_and_filters_them(ada_client):
    editor = make_user("editor1")
    ada_client.post(
        f"/admin/auth/user/{editor.pk}/change/",
        {
            "username": "editor1",
            "first_name": "Edie",
            "last_name": "Tor",
            "email": "",
            "is_active": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "09:00:00",
            # The directorate's inline form (readership), left empty.
            "directorate-TOTAL_FORMS": "0",
            "directorate-INITIAL_FORMS": "0",
        },
    )

    changes = ada_client.get("/admin/audit/auditevent/?action=admin.change")
    additions = ada_client.get("/admin/audit/auditevent/?action=admin.add")

    assert changes.status_code == 200
    row = '<td class="field-object_repr">editor1</td>'
    assert row in changes.text
    assert '<td class="field-action">admin.change</td>' in changes.text
    assert "Changed First name, Last name and Date joined." in changes.text
    assert row not in additions.text


def test_the_audit_log_cannot_be_added_to_edited_or_deleted(ada_client):
    event = AuditEvent.objects.create(at=timezone.now(), action="post.publish", message="x")

    assert ada_client.get("/admin/audit/auditevent/add/").status_code == 403
    assert ada_client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    response = ada_client.post(
        f"/admin/audit/auditevent/{event.pk}/change/", {"message": "rewritten"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.message == "x"


def test_readers_and_editors_cannot_see_the_audit_log(reader_client):
    response = reader_client.get("/admin/audit/auditevent/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_leavers_removed_comments_vanish_from_the_cached_post_page_at_once(reader_client):
    leaver = make_user("leaver", first_name="Lee", last_name="Leaver")
    comment = make_comment(author=leaver, body="My last word on the gritting rota.")
    url = comment.post.get_absolute_url()
    assert "My last word on the gritting rota." in reader_client.get(url).text
    user_anonymise(user=leaver, actor=make_user("boss"), remove_comments=True)
    page = reader_client.get(url).text
    assert "My last word on the gritting rota." not in page
    assert REMOVED_COMMENT_TEXT in page
    assert "Lee Leaver" not in page


def test_an_administrator_sets_a_local_accounts_directorate_and_its_reads_count_there(ada_client):
    robin = make_user("robin", first_name="Robin", last_name="Reader")
    page = ada_client.get(f"/admin/auth/user/{robin.pk}/change/")
    assert "Directorate" in page.text
    response = ada_client.post(
        f"/admin/auth/user/{robin.pk}/change/",
        {
            "username": "robin",
            "first_name": "Robin",
            "last_name": "Reader",
            "email": "",
            "is_active": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "09:00:00",
            "directorate-TOTAL_FORMS": "1",
            "directorate-INITIAL_FORMS": "0",
            "directorate-0-name": "Resources",
        },
    )
    assert response.status_code == 302
    post = make_post()

    client_as(robin).get(post.get_absolute_url())
    reads_fold()

    assert list(DailyReads.objects.values_list("directorate", "readers")) == [("Resources", 1)]

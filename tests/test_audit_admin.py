"""The audit log in the admin: searchable, filtered by period and person, exported as CSV."""

import csv
import importlib
import io
from datetime import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from audit.models import AuditEvent
from tests.helpers import client_as, make_post, make_user

pytestmark = pytest.mark.django_db

LIST = "/admin/audit/auditevent/"
EXPORT = "/admin/audit/auditevent/export/"


def at(day, hour=12):
    return timezone.make_aware(datetime(2026, 3, day, hour, 0))


def event(day, who, action, text, *, address="192.0.2.1", obj=None):
    fields = {}
    if obj is not None:
        fields = {
            "content_type": ContentType.objects.get_for_model(obj),
            "object_id": str(obj.pk),
            "object_repr": str(obj),
        }
    return AuditEvent.objects.create(
        at=at(day),
        actor=who,
        actor_name=who.username if who else "",
        action=action,
        message=text,
        address=address,
        **fields,
    )


@pytest.fixture
def audit_people():
    return {"mo": make_user("mo.moderator"), "ed": make_user("ed.editor")}


@pytest.fixture
def records_officer():
    # Not a superuser: the view permission alone opens the log and its export.
    user = make_user(
        "rita.records", is_staff=True, perms=["audit.view_auditevent"], first_name="Rita"
    )
    return client_as(user)


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_persons_record_for_a_period_exports_as_csv_oldest_first(audit_people, records_officer):
    post = make_post(title="Budget week")
    event(2, audit_people["mo"], "comment.approve", "Before the period.")
    event(10, audit_people["mo"], "comment.approve", "Approved the first.", obj=post)
    event(12, audit_people["ed"], "post.publish", "Someone else.")
    event(15, audit_people["mo"], "comment.reject", "Rejected the second.", address="203.0.113.9")
    event(20, audit_people["mo"], "comment.spam", "After the period.")
    mo = audit_people["mo"].pk

    page = records_officer.get(
        LIST, {"from": "2026-03-05", "to": "2026-03-15", "actor__id__exact": mo}
    )
    assert page.status_code == 200
    assert "Approved the first." in page.text
    assert "Rejected the second." in page.text
    for hidden in ("Before the period.", "Someone else.", "After the period."):
        assert hidden not in page.text
    assert "Export these 2 rows as CSV" in page.text
    assert "By person" in page.text
    assert "10 Mar 2026, 12:00:00" in page.text

    response = records_officer.get(
        EXPORT, {"from": "2026-03-05", "to": "2026-03-15", "actor__id__exact": mo}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    header, *rows = read_csv(response)
    assert header == [
        "When",
        "Who",
        "Action",
        "Kind of object",
        "Object id",
        "Object",
        "Details",
        "Address",
    ]
    assert [row[1:4] + row[5:] for row in rows] == [
        [
            "mo.moderator",
            "comment.approve",
            "post",
            "Budget week",
            "Approved the first.",
            "192.0.2.1",
        ],
        ["mo.moderator", "comment.reject", "—", "", "Rejected the second.", "203.0.113.9"],
    ]
    assert rows[0][0].startswith("2026-03-10 12:00:00")
    # The export is itself recorded: who took which rows.
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor_name == "rita.records"
    assert "Exported 2 audit row(s)" in export.message


def test_search_finds_who_what_message_and_address(audit_people, records_officer):
    event(
        3, audit_people["ed"], "post.publish", "Published the winter plan.", address="198.51.100.7"
    )
    event(4, audit_people["mo"], "comment.approve", "Approved.")
    for query in ("ed.editor", "winter plan", "198.51.100.7"):
        page = records_officer.get(LIST, {"q": query})
        assert "Published the winter plan." in page.text, query
        assert "Approved." not in page.text, query


def test_cells_that_a_spreadsheet_would_run_are_made_plain_text(audit_people, records_officer):
    event(6, audit_people["ed"], "tag.rename", '=HYPERLINK("http://evil.example","x")')
    event(7, audit_people["ed"], "tag.rename", "+1+1")
    event(8, audit_people["ed"], "tag.rename", "-2")
    event(9, audit_people["ed"], "tag.rename", "@SUM(A1)")
    event(9, audit_people["ed"], "tag.rename", "Plain words stay as they are.")
    _, *rows = read_csv(records_officer.get(EXPORT))
    assert [row[6] for row in rows] == [
        '\'=HYPERLINK("http://evil.example","x")',
        "'+1+1",
        "'-2",
        "'@SUM(A1)",
        "Plain words stay as they are.",
    ]


def test_a_date_that_is_not_one_is_said_and_nothing_is_exported(records_officer, audit_people):
    event(3, audit_people["ed"], "post.publish", "Published.")
    page = records_officer.get(LIST, {"from": "31/03/2026"})
    assert page.status_code == 200
    assert "From: “31/03/2026” is not a date; write it as 2026-03-31." in page.text
    response = records_officer.get(EXPORT, {"from": "2026-03-20", "to": "2026-03-01"})
    assert response.status_code == 400
    assert "The period ends before it starts" in response.content.decode()
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_the_log_is_read_only_even_for_its_readers(records_officer, audit_people):
    row = event(3, audit_people["ed"], "post.publish", "Published.")
    page = records_officer.get(f"{LIST}{row.pk}/change/")
    assert page.status_code == 200
    assert 'name="message"' not in page.text
    assert records_officer.post(f"{LIST}{row.pk}/change/", {"message": "x"}).status_code == 403
    assert records_officer.get(f"{LIST}add/").status_code == 403
    assert records_officer.post(f"{LIST}{row.pk}/delete/", {"post": "yes"}).status_code == 403


def test_staff_without_the_permission_cannot_open_or_export_it():
    editor = make_user("eve", is_staff=True, perms=["posts.change_post", "posts.view_post"])
    client = client_as(editor)
    assert client.get(LIST).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_a_group_can_be_given_the_audit_log():
    group = Group.objects.create(name="Records officers")
    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    officer = make_user("ola", is_staff=True)
    officer.groups.add(group)
    assert client_as(officer).get(LIST).status_code == 200


def test_admin_log_entries_from_before_the_audit_log_are_copied_once():
    migration = importlib.import_module("audit.migrations.0002_copy_admin_log")
    editor = make_user("old.editor")
    post = make_post(title="From last year")
    content_type = ContentType.objects.get_for_model(post)
    # bulk_create sends no signal: rows as they were before the audit log existed.
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                user=editor,
                content_type=content_type,
                object_id=str(post.pk),
                object_repr="From last year",
                action_flag=CHANGE,
                change_message='[{"changed": {"fields": ["Title"]}}]',
                action_time=at(1),
            )
        ]
    )
    LogEntry.objects.log_actions(editor.pk, [post], CHANGE, "Copied already.", single_object=True)
    before = AuditEvent.objects.count()
    from django.apps import apps

    migration.copy_admin_log(apps, None)
    migration.copy_admin_log(apps, None)
    assert AuditEvent.objects.count() == before + 1
    copied = AuditEvent.objects.get(at=at(1))
    assert (copied.actor_name, copied.action, copied.message) == (
        "old.editor",
        "admin.change",
        "Changed Title.",
    )

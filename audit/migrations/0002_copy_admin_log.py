"""Copy the admin's log entries made before the audit log existed, so the log starts complete."""

from django.db import migrations

ACTIONS = {1: "admin.add", 2: "admin.change", 3: "admin.delete"}


def copy_admin_log(apps, schema_editor):
    from django.contrib.admin.models import LogEntry as ReadableLogEntry

    log_entry = apps.get_model("admin", "LogEntry")
    audit_event = apps.get_model("audit", "AuditEvent")
    already = set(
        audit_event.objects.filter(action__startswith="admin.").values_list(
            "actor_id", "at", "content_type_id", "object_id"
        )
    )
    batch = []
    for entry in log_entry.objects.select_related("user").order_by("pk").iterator(chunk_size=2000):
        object_id = entry.object_id or ""
        if (entry.user_id, entry.action_time, entry.content_type_id, object_id) in already:
            continue
        message = ReadableLogEntry(change_message=entry.change_message).get_change_message()
        batch.append(
            audit_event(
                at=entry.action_time,
                actor_id=entry.user_id,
                actor_name=entry.user.username[:150],
                action=ACTIONS.get(entry.action_flag, "admin.other"),
                content_type_id=entry.content_type_id,
                object_id=object_id[:64],
                object_repr=entry.object_repr[:200],
                message=message,
            )
        )
        if len(batch) >= 2000:
            audit_event.objects.bulk_create(batch)
            batch = []
    audit_event.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(copy_admin_log, migrations.RunPython.noop)]

"""Record what people do, one row per action, in the site's audit log.

One click, one row: within a request (or an audit_scope()), everything recorded about the same
object joins the first row written for it ("Submit for approval" saves the draft too: one row,
"approval.submit", whose message says both). A specific action ("comment.approve") names the row
rather than Django admin's generic one ("admin.change"), and each part's words are kept in its
message. So the admin's own log entry, copied here, never makes a second row for a change that
the site records itself.
"""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from audit.addresses import client_address
from audit.context import audit_scope, current_request, current_rows
from audit.models import AuditEvent

__all__ = ["audit_scope", "events_for", "record", "record_admin_log_entry"]

ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}
GENERIC_PREFIX = "admin."


def _truncate(text, length):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def _address(request):
    return (client_address(request) or None) if request is not None else None


# What Django admin says of a save that changed no field: nothing worth adding to a row.
NOTHING_CHANGED = "No fields changed."


def _join(first, second):
    if not second or second in first or second == NOTHING_CHANGED:
        return first
    return f"{first} {second}".strip()


def _write(*, key, action, message, **fields):
    """Create the row, or join the row already written for this object in this request."""
    rows = current_rows()
    earlier = rows.get(key) if rows is not None and key is not None else None
    if earlier is not None:
        if earlier.action.startswith(GENERIC_PREFIX) and not action.startswith(GENERIC_PREFIX):
            earlier.action = _truncate(action, 50)
        earlier.message = _join(earlier.message, message)
        updated = AuditEvent.objects.filter(pk=earlier.pk).update(
            action=earlier.action, message=earlier.message
        )
        if updated:
            return earlier
    event = AuditEvent.objects.create(action=_truncate(action, 50), message=message, **fields)
    if rows is not None and key is not None:
        rows[key] = event
    return event


def record(action, *, actor=None, obj=None, message="", request=None, at=None):
    """Write one audit row (or add to this request's row for obj) and return it.

    actor defaults to the signed-in user of the request being answered; the address comes from
    that request, read through the trusted proxies (audit/addresses.py).
    """
    request = request or current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    fields, key = {}, None
    if obj is not None:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        fields = {
            "content_type": content_type,
            "object_id": str(obj.pk),
            "object_repr": _truncate(obj, 200),
        }
        key = (content_type.pk, str(obj.pk))
    return _write(
        key=key,
        action=action,
        message=message,
        at=at or timezone.now(),
        actor=actor,
        actor_name=_truncate(actor.get_username(), 150) if actor is not None else "",
        address=_address(request),
        **fields,
    )


def record_admin_log_entry(sender, instance, created, raw=False, **kwargs):
    """Copy each of Django admin's own log entries (add, change, delete) into the audit log."""
    if not created or raw:
        return
    object_id = "" if instance.object_id is None else str(instance.object_id)
    _write(
        key=(instance.content_type_id, object_id) if instance.content_type_id else None,
        action=ADMIN_ACTIONS.get(instance.action_flag, "admin.other"),
        message=instance.get_change_message(),
        at=instance.action_time,
        actor_id=instance.user_id,
        actor_name=_truncate(instance.user.get_username(), 150),
        content_type_id=instance.content_type_id,
        object_id=object_id,
        object_repr=_truncate(instance.object_repr, 200),
        address=_address(current_request()),
    )


def events_for(obj):
    """Return the audit rows about one object, oldest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).order_by("at", "id")

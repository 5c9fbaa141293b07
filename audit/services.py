"""Record what people do, one row per action, in the site's audit log."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from audit.context import current_request
from audit.models import AuditEvent
from ceoblog.addresses import client_address

ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


def _truncate(text, length):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def record(action, *, actor=None, obj=None, message="", request=None, at=None):
    """Write one audit row and return it.

    actor defaults to the signed-in user of the request being answered; the address comes from
    that request, read through the trusted proxies (ceoblog.addresses).
    """
    request = request or current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    fields = {}
    if obj is not None:
        fields = {
            "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
            "object_id": str(obj.pk),
            "object_repr": _truncate(obj, 200),
        }
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        actor=actor,
        actor_name=_truncate(actor.get_username(), 150) if actor is not None else "",
        action=_truncate(action, 50),
        message=message,
        address=(client_address(request) or None) if request is not None else None,
        **fields,
    )


def record_admin_log_entry(sender, instance, created, raw=False, **kwargs):
    """Copy each of Django admin's own log entries (add, change, delete) into the audit log."""
    if not created or raw:
        return
    AuditEvent.objects.create(
        at=instance.action_time,
        actor_id=instance.user_id,
        actor_name=_truncate(instance.user.get_username(), 150),
        action=ADMIN_ACTIONS.get(instance.action_flag, "admin.other"),
        content_type_id=instance.content_type_id,
        object_id=instance.object_id or "",
        object_repr=_truncate(instance.object_repr, 200),
        message=instance.get_change_message(),
        address=(client_address(current_request()) or None) if current_request() else None,
    )


def events_for(obj):
    """Return the audit rows about one object, oldest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).order_by("at", "id")

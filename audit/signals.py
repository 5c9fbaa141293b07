"""Role changes, however they are made in a request: groups, permissions and account switches.

A user's groups and own permissions, a group's permissions, and the active, staff and superuser
switches are recorded as "user.roles" or "group.permissions". Only changes made while answering a
request (the admin, single sign-on) or inside audit_scope() are recorded: migrate setting up the
roles is the site's own code, not somebody's decision.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_save, pre_save

from audit.context import current_rows
from audit.services import record

FLAGS = {"is_active": "Active", "is_staff": "Staff status", "is_superuser": "Superuser status"}


def _yes_no(flag):
    return "yes" if flag else "no"


def user_flags_before(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember the switches as saved, to say afterwards which ones changed."""
    if raw or current_rows() is None or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return
    instance._audit_flags_before = sender.objects.filter(pk=instance.pk).values(*FLAGS).first()


def user_flags_after(sender, instance, created, raw=False, **kwargs):
    if raw or current_rows() is None:
        return
    if created:
        granted = [FLAGS[flag] for flag in ("is_staff", "is_superuser") if getattr(instance, flag)]
        if granted:
            record("user.roles", obj=instance, message=f"Created with {', '.join(granted)}.")
        return
    before = instance.__dict__.pop("_audit_flags_before", None)
    if before is None:
        return
    changes = [
        f"{words}: {_yes_no(before[flag])} → {_yes_no(getattr(instance, flag))}."
        for flag, words in FLAGS.items()
        if before[flag] != getattr(instance, flag)
    ]
    if changes:
        record("user.roles", obj=instance, message=" ".join(changes))


def _label(row):
    if isinstance(row, Permission):
        return f"{row.content_type.app_label}.{row.codename}"
    return str(row)


def _labels(model, pks):
    rows = model.objects.filter(pk__in=pks)
    if model is Permission:
        rows = rows.select_related("content_type")
    return ", ".join(sorted(_label(row) for row in rows))


class RelationRecorder:
    """Record additions to and removals from one many-to-many field, on the holder's row.

    holder.field: User.groups, User.user_permissions or Group.permissions. Changed from the other
    side (group.user_set.add(...)), each holder changed gets its own row.
    """

    def __init__(self, holder, field, words, action):
        self.holder, self.field, self.words, self.action = holder, field, words, action
        self.reverse_name = holder._meta.get_field(field).remote_field.get_accessor_name()

    def __call__(self, sender, instance, action, reverse, model, pk_set, **kwargs):
        if current_rows() is None or action not in {"post_add", "post_remove", "pre_clear"}:
            return
        if action == "pre_clear":
            # What is about to go, read while it is still there.
            manager = getattr(instance, self.reverse_name if reverse else self.field)
            pk_set = set(manager.values_list("pk", flat=True))
        if not pk_set:
            return
        verb = "added" if action == "post_add" else "removed"
        if not reverse:
            message = f"{self.words} {verb}: {_labels(model, pk_set)}."
            record(self.action, obj=instance, message=message)
            return
        for holder in self.holder.objects.filter(pk__in=pk_set).order_by("pk"):
            record(self.action, obj=holder, message=f"{self.words} {verb}: {_label(instance)}.")


def connect():
    user_model = get_user_model()
    pre_save.connect(user_flags_before, sender=user_model, dispatch_uid="audit_flags_before")
    post_save.connect(user_flags_after, sender=user_model, dispatch_uid="audit_flags_after")
    relations = [
        (user_model, "groups", "Groups", "user.roles"),
        (user_model, "user_permissions", "Permissions", "user.roles"),
        (Group, "permissions", "Permissions", "group.permissions"),
    ]
    for holder, field, words, action in relations:
        m2m_changed.connect(
            RelationRecorder(holder, field, words, action),
            sender=getattr(holder, field).through,
            weak=False,
            dispatch_uid=f"audit_{holder._meta.label_lower}_{field}",
        )

"""Signed-in users and their permissions, read from the shared cache rather than the database.

Every signed-in request loads its user, and many check a permission (two more queries). With a
shared cache (Redis) the user and their permissions are kept there as one read-through copy
(pagecache/readthrough.py). Every change that could alter it puts the copy on hold: saving or
deleting the user, and changes to their groups, their own permissions or a group's permissions.
A leaver made inactive, a new password or a removed role therefore takes effect on the next
request, on every server.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from pagecache.readthrough import forget, is_enabled, read_through


def _user_key(pk):
    return f"accounts:user:{pk}"


def cached_user(pk):
    """Return the user with this primary key (active or not), or None.

    A copy in the cache carries the user's permissions already worked out (the set ModelBackend
    keeps on the user), so a permission check costs nothing more either.
    """
    model = get_user_model()
    return read_through(
        _user_key(pk),
        lambda: model._default_manager.filter(pk=pk).first(),
        before_storing=ModelBackend().get_all_permissions,
    )


def forget_users(pks):
    pks = [pk for pk in pks if pk is not None]
    forget(*[_user_key(pk) for pk in pks])


def _members(groups):
    return get_user_model()._default_manager.filter(groups__in=groups).values_list("pk", flat=True)


def _holders(permissions):
    users = get_user_model()._default_manager
    direct = users.filter(user_permissions__in=permissions).values_list("pk", flat=True)
    return [*direct, *_members(Group.objects.filter(permissions__in=permissions))]


def _when_shared(receiver):
    # Without a shared cache nothing is copied, so there is nothing to forget (and no query).
    def wrapper(sender, **kwargs):
        if is_enabled():
            receiver(sender, **kwargs)

    return wrapper


_CHANGES = ("pre_clear", "post_add", "post_remove")


@_when_shared
def _user_changed(sender, instance, **kwargs):
    forget_users([instance.pk])


@_when_shared
def _user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # user.groups.add(group) names the user; group.user_set.add(user) names the group.
    if not reverse:
        forget_users([instance.pk])
    elif action in _CHANGES:
        forget_users(_members([instance]) if pk_set is None else pk_set)


@_when_shared
def _user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        forget_users([instance.pk])
    elif action in _CHANGES:
        forget_users(_holders([instance]) if pk_set is None else pk_set)


@_when_shared
def _group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in _CHANGES:
        return
    if not reverse:
        groups = [instance]
    elif pk_set is None:
        groups = Group.objects.filter(permissions=instance)
    else:
        groups = Group.objects.filter(pk__in=pk_set)
    forget_users(_members(groups))


@_when_shared
def _group_deleted(sender, instance, **kwargs):
    forget_users(_members([instance]))


@_when_shared
def _permission_deleted(sender, instance, **kwargs):
    forget_users(_holders([instance]))


def connect_user_cache_signals():
    user_model = get_user_model()
    uid = "accounts-usercache"
    connections = [
        (post_save, _user_changed, user_model, "save"),
        (post_delete, _user_changed, user_model, "delete"),
        (m2m_changed, _user_groups_changed, user_model.groups.through, "groups"),
        (m2m_changed, _user_permissions_changed, user_model.user_permissions.through, "perms"),
        (m2m_changed, _group_permissions_changed, Group.permissions.through, "group-perms"),
        (pre_delete, _group_deleted, Group, "group-delete"),
        (pre_delete, _permission_deleted, Permission, "permission-delete"),
    ]
    for signal, receiver, sender, name in connections:
        signal.connect(receiver, sender=sender, dispatch_uid=f"{uid}-{name}")

"""The groups (roles) people are given, made from what each app grants in its roles.py.

An app that has permissions to hand out lists them in `<app>/roles.py` as
GRANTS = {"Group name": ["app_label.codename", ...]}; this module collects every installed app's,
the way the admin finds each app's admin.py, so no app below accounts imports it.
"""

from importlib import import_module

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.module_loading import module_has_submodule


def role_permissions():
    """Return {group name: [permission, ...]} from every installed app's roles.py, in app order."""
    merged = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "roles"):
            continue
        grants = getattr(import_module(f"{config.name}.roles"), "GRANTS", {})
        for group, permissions in grants.items():
            wanted = merged.setdefault(group, [])
            wanted.extend(perm for perm in permissions if perm not in wanted)
    return merged


def roles_set_up(*, using=DEFAULT_DB_ALIAS):
    """Create each role's group and add any permission it lacks; return the ones skipped."""
    # The installed models, not a migration's historical ones: this runs after migrating.
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    missing = []
    with transaction.atomic(using=using):
        for name, wanted in role_permissions().items():
            group, _ = group_model.objects.using(using).get_or_create(name=name)
            permissions = []
            for perm in wanted:
                app_label, codename = perm.split(".")
                found = (
                    permission_model.objects.using(using)
                    .filter(content_type__app_label=app_label, codename=codename)
                    .first()
                )
                if found is None:
                    missing.append(perm)
                else:
                    permissions.append(found)
            # Adding, never removing: other parts of the site (and admins) grant these groups more.
            group.permissions.add(*permissions)
    return sorted(set(missing))


def roles_after_migrate(sender, app_config, using=DEFAULT_DB_ALIAS, **kwargs):
    """Set the roles up at the end of every migrate, so no deployment needs setup_roles."""
    # post_migrate is sent once per app, and each app's permissions are created when it is its
    # turn: only at the last app does every permission a role names exist.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and app_config is with_models[-1]:
        roles_set_up(using=using)

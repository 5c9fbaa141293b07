from django.contrib.auth.models import Group, Permission
from django.core.management import BaseCommand
from django.db import transaction

from comments.roles import ROLE_PERMISSIONS


def roles_set_up():
    """Create each role's group and add any permission it lacks; return the ones skipped."""
    missing = []
    with transaction.atomic():
        for name, wanted in ROLE_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=name)
            permissions = []
            for perm in wanted:
                app_label, codename = perm.split(".")
                found = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if found is None:
                    missing.append(perm)
                else:
                    permissions.append(found)
            # Adding, never removing: other parts of the site (and admins) grant these groups more.
            group.permissions.add(*permissions)
    return sorted(set(missing))


class Command(BaseCommand):
    help = "Create the Communications, Moderators and Official reply groups; safe to run again."

    def handle(self, *args, **options):
        missing = roles_set_up()
        for perm in missing:
            self.stdout.write(f"Skipped {perm}: no such permission yet; run again once it exists.")
        if options["verbosity"] >= 1:
            names = ", ".join(ROLE_PERMISSIONS)
            self.stdout.write(self.style.SUCCESS(f"Roles ready: {names}."))

from django.core.management import BaseCommand

from accounts.roles import role_permissions, roles_set_up

__all__ = ["Command", "roles_set_up"]


class Command(BaseCommand):
    help = (
        "Create the groups each app grants permissions to (its roles.py): Communications, "
        "Moderators, Approvers and the rest; safe to run again. migrate does this too."
    )

    def handle(self, *args, **options):
        missing = roles_set_up()
        for perm in missing:
            self.stdout.write(f"Skipped {perm}: no such permission yet; run again once it exists.")
        if options["verbosity"] >= 1:
            names = ", ".join(role_permissions())
            self.stdout.write(self.style.SUCCESS(f"Roles ready: {names}."))

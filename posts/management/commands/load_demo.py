from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import BaseCommand, call_command
from django.db import transaction

from posts.workflow import communications_group_ensure

DEMO_PASSWORD = "demo-password-2026"

# Username, full name, role, and what the account may do.
DEMO_ACCOUNTS = [
    ("reader", "Robin Reader", "reader", "reads posts and comments"),
    ("editor", "Eddie Editor", "communications editor", "writes and publishes posts"),
    ("admin", "Ada Admin", "administrator", "everything, including site settings"),
]

EDITOR_PERMISSIONS = ["add_post", "change_post", "delete_post", "view_post"]


class Command(BaseCommand):
    help = "Load the demo posts and create demo accounts (for trying ceoblog, never production)."

    def handle(self, *args, **options):
        with transaction.atomic():
            call_command("loaddata", "demo", verbosity=0)
            accounts = [self.ensure_account(*account) for account in DEMO_ACCOUNTS]
        self.stdout.write(self.style.SUCCESS("Demo content loaded. Sign in with:"))
        for user, role, abilities in accounts:
            self.stdout.write(
                f"  {role:<22} username {user.username:<8} password {DEMO_PASSWORD}  ({abilities})"
            )

    def ensure_account(self, username, full_name, role, abilities):
        first_name, last_name = full_name.split(" ", 1)
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@ceoblog.example",
                "is_staff": role != "reader",
                "is_superuser": role == "administrator",
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if role == "communications editor":
            user.user_permissions.set(
                Permission.objects.filter(
                    content_type__app_label="posts", codename__in=EDITOR_PERMISSIONS
                )
            )
            # The Communications group adds publishing and the photo library.
            user.groups.add(communications_group_ensure())
        return user, role, abilities

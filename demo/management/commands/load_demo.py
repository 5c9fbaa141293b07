from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, call_command
from django.db import transaction
from django.utils import timezone

from approvals.roles import APPROVERS
from comments.demo import demo_comments_load
from comments.roles import MODERATORS, OFFICIAL_REPLY
from posts.models import Post
from posts.roles import AUTHORS, COMMUNICATIONS

DEMO_PASSWORD = "demo-password-2026"
# The demo's chief executive, whom new posts are by unless the editor chooses someone else.
CHIEF_EXECUTIVE = "cmarlow"

# Username, full name, role, what the account may do, and its groups (see setup_roles).
DEMO_ACCOUNTS = [
    ("reader", "Robin Reader", "reader", "reads posts and comments", []),
    (
        "editor",
        "Eddie Editor",
        "communications editor",
        "writes and publishes posts, moderates comments",
        [COMMUNICATIONS],
    ),
    (
        "moderator",
        "Morgan Moderator",
        "moderator",
        "moderates comments, opens and closes them",
        [MODERATORS],
    ),
    (
        "office",
        "Olu Office",
        "chief executive's office",
        "approves posts, posts official replies",
        [OFFICIAL_REPLY, APPROVERS],
    ),
    ("admin", "Ada Admin", "administrator", "everything, including site settings", []),
]

# Accounts that use the admin site.
STAFF_ROLES = {"communications editor", "moderator", "chief executive's office", "administrator"}


class Command(BaseCommand):
    help = "Load the demo posts and create demo accounts (for trying ceoblog, never production)."

    def handle(self, *args, **options):
        with transaction.atomic():
            call_command("loaddata", "demo", verbosity=0)
            self.keep_scheduled_posts_in_the_future()
            call_command("setup_roles", verbosity=0, stdout=self.stdout)
            accounts = {account[0]: self.ensure_account(*account) for account in DEMO_ACCOUNTS}
            chief = get_user_model().objects.get(username=CHIEF_EXECUTIVE)
            Group.objects.get(name=AUTHORS).user_set.add(chief)
            # After the posts: the comments go under the newest published demo posts.
            comments = demo_comments_load(
                posts=Post.objects.published().order_by("-published_at", "-id"),
                reader=accounts["reader"][0],
                moderator=accounts["moderator"][0],
                office=accounts["office"][0],
            )
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({comments} comments)."))
        self.stdout.write("Sign in with:")
        for user, role, abilities in accounts.values():
            self.stdout.write(
                f"  {role:<25} username {user.username:<9} password {DEMO_PASSWORD}  ({abilities})"
            )

    def keep_scheduled_posts_in_the_future(self):
        """Move a demo post meant to be scheduled to the same day of a later year, if it has passed.

        The fixture's scheduled post is dated 2031; after that it would simply be published.
        """
        now = timezone.now()
        for post in Post.objects.filter(title__startswith="Scheduled: ", published_at__lte=now):
            when = post.published_at
            while when <= now:
                when = when.replace(year=when.year + 1)
            post.published_at = when
            post.save()

    def ensure_account(self, username, full_name, role, abilities, groups):
        first_name, last_name = full_name.split(" ", 1)
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@ceoblog.example",
                "is_staff": role in STAFF_ROLES,
                "is_superuser": role == "administrator",
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=groups))
        return user, role, abilities

from django.conf import settings
from django.core.management.base import BaseCommand

from editing.services import autosaves_delete_old


class Command(BaseCommand):
    help = "Delete autosaves older than CEOBLOG_AUTOSAVE_KEEP_DAYS days."

    def handle(self, *args, **options):
        deleted = autosaves_delete_old()
        days = settings.CEOBLOG_AUTOSAVE_KEEP_DAYS
        self.stdout.write(f"Deleted {deleted} autosaves older than {days} days.")

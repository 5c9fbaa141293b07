from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.db import DatabaseError

from wordpress.importer import WordPressImport
from wordpress.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR file from Tools → Export): authors, tags, posts, "
        "comments, and images given --media-dir. Safe to run again: unchanged items are left "
        "alone, changed ones updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WXR file WordPress exported.")
        parser.add_argument(
            "--media-dir",
            help="A copy of the old site's wp-content/uploads folder, to import images from.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help=(
                "Refuse an export that is not well-formed XML, instead of repairing what "
                "WordPress's own importer tolerates (each repair is listed in the report)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything and report, then undo it: nothing is saved.",
        )

    def handle(self, *args, export, media_dir, dry_run, strict, verbosity, **options):
        path = Path(export)
        if not path.is_file():
            raise CommandError(f"{export}: no such file.")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(
                f"{media_dir}: no such folder (give the copy of wp-content/uploads)."
            )
        importer = WordPressImport(
            path, media_dir=media_dir, progress_stream=self.stderr._out, strict=strict
        )
        try:
            report = importer.run(dry_run=dry_run)
        except WXRError as error:
            raise CommandError(f"{export}: {error} Nothing was imported.") from None
        except (DatabaseError, OSError) as error:
            raise CommandError(f"{export}: import failed, nothing was imported: {error}") from None
        for line in report.lines(verbose=verbosity > 1):
            self.stdout.write(line)

"""Remove JPEG comment segments from photos stored before uploads were cleaned of them."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import BaseCommand

from photos.images import jpeg_without_comments

FOLDERS = ("photos", "renditions")


class Command(BaseCommand):
    help = (
        "Remove comment segments (which can hold text such as a place or a name) from the JPEG "
        "photos and smaller copies already stored. The pixels are not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the files that carry a comment."
        )

    def handle(self, *args, dry_run=False, **options):
        checked = cleaned = 0
        for name in self._jpegs():
            checked += 1
            with default_storage.open(name, "rb") as stored:
                content = stored.read()
            without = jpeg_without_comments(content)
            if without is None:
                continue
            cleaned += 1
            if not dry_run:
                default_storage.delete(name)
                default_storage.save(name, ContentFile(without))
        verb = "carry a comment" if dry_run else "had their comment removed"
        self.stdout.write(f"{cleaned} of {checked} stored JPEG files {verb}.")

    def _jpegs(self):
        folders = [folder for folder in FOLDERS if default_storage.exists(folder)]
        while folders:
            folder = folders.pop()
            subfolders, files = default_storage.listdir(folder)
            folders.extend(f"{folder}/{sub}" for sub in subfolders)
            for file_name in sorted(files):
                if file_name.lower().endswith((".jpg", ".jpeg")):
                    yield f"{folder}/{file_name}"

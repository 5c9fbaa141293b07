from django.core.management import BaseCommand, CommandError

from wordpress.exporter import write_wxr


class Command(BaseCommand):
    help = "Write every post, tag, comment and media reference to a WordPress export (WXR 1.2)."

    def add_arguments(self, parser):
        parser.add_argument("output", help="The file to write, e.g. ceoblog-export.xml.")
        parser.add_argument(
            "--site-url",
            default="http://localhost:8000",
            help="The blog's public address, for each post's link (default: %(default)s).",
        )

    def handle(self, *args, output, site_url, **options):
        try:
            with open(output, "w", encoding="utf-8") as stream:
                counts = write_wxr(stream, site_url=site_url.rstrip("/"))
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror}.") from None
        summary = ", ".join(f"{number} {kind}" for kind, number in counts.items())
        self.stdout.write(f"Wrote {output}: {summary}.")

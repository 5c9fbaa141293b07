from django.core.management.base import BaseCommand, CommandError

from readership.folding import reads_fold


class Command(BaseCommand):
    help = (
        "Fold the reads recorded in Redis into the database, update the daily totals and delete "
        "each reader's reads older than CEOBLOG_READS_KEPT_DAYS. Run every 5 minutes; runs on "
        "several servers at once are safe."
    )

    def handle(self, *args, **options):
        result = reads_fold()
        if options["verbosity"] > 1:
            self.stdout.write(
                f"{result.reads_taken} read(s) folded, {result.totals_changed} daily total(s) "
                f"changed, {result.reads_forgotten} read(s) past the period deleted."
            )
        if result.store_failed:
            raise CommandError("Redis was unreachable: the reads waiting there fold next run.")

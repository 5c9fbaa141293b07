from django.core.management import BaseCommand

from alerts.sending import alerts_send


class Command(BaseCommand):
    help = (
        "Email new posts to subscribers: immediate alerts, and weekly digests on the digest day. "
        "Safe to run from cron every few minutes, even if runs overlap."
    )

    def handle(self, *args, **options):
        report = alerts_send()
        self.stdout.write(
            f"Sent {report.immediate} post alert(s) and {report.digests} digest(s)."
            + (f" {report.failed} subscriber(s) failed; see the log." if report.failed else "")
        )
        if report.failed:
            raise SystemExit(1)

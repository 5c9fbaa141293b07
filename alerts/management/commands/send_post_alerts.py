from django.conf import settings
from django.core.management import BaseCommand, CommandError

from alerts.sending import alerts_send
from outbox.services import mail_deliver


class Command(BaseCommand):
    help = (
        "Email new posts to subscribers: immediate alerts, and weekly digests on the digest day. "
        "Also sends the queued emails that are due (as send_queued_mail does). "
        "Safe to run from cron every few minutes, even if runs overlap."
    )

    def handle(self, *args, **options):
        if not settings.CEOBLOG_SITE_URL:
            # Without it every link in the emails, unsubscribe included, would be a bare path.
            raise CommandError(
                "Set CEOBLOG_SITE_URL to the blog's address, e.g. "
                "https://ceoblog.intranet.example, so that the links in alert emails work."
            )
        report = alerts_send()
        self.stdout.write(
            f"Sent {report.immediate} post alert(s) and {report.digests} digest(s)."
            + (f" {report.failed} subscriber(s) failed; see the log." if report.failed else "")
        )
        # A site that only runs this command from cron still sends the moderators' emails.
        queued = mail_deliver()
        self.stdout.write(
            f"Sent {queued.sent} queued email(s); {queued.failed} failed and will be retried."
        )
        if report.failed:
            raise SystemExit(1)

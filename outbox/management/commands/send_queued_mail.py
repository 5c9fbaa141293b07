from django.core.management.base import BaseCommand

from outbox.services import mail_deliver


class Command(BaseCommand):
    help = "Send the queued emails that are due (run every minute, like send_post_alerts)."

    def handle(self, *args, **options):
        report = mail_deliver()
        self.stdout.write(
            f"Sent {report.sent} email(s); {report.failed} failed and will be retried."
        )

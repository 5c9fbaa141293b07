from django.db import models


class QueuedMail(models.Model):
    """An email waiting to be sent, or sent: requests queue mail, a command delivers it."""

    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the sender to make a message unique ("approval-requested:12:3"): queuing it twice
    # sends it once.
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    to = models.JSONField(help_text="The recipients' addresses.")
    # Extra headers, such as List-Unsubscribe: {"Name": "value"}.
    headers = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    # A sender claims a message until this time, so two senders never send the same one.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "queued email"
        verbose_name_plural = "outgoing mail"

    def __str__(self):
        return self.subject

from django.db import models


class ContentVersion(models.Model):
    """One row: a token that changes whenever anything readers see changes."""

    # A random token rather than a counter: after a database restore or a rolled-back test a
    # counter could repeat a value whose cached pages still sit in Redis.
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()
    next_change_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When content changes by itself (a scheduled post going live): the token is "
        "renewed at the first request after this time.",
    )

    def __str__(self):
        return f"content version {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

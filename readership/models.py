"""What is kept about reading: who read a post, for a short period, and daily totals for good.

A read is counted once per reader per post. The per-person rows (Read) are kept only for
CEOBLOG_READS_KEPT_DAYS (30 by default); after that only DailyReads remain, which name no one.
"""

from django.conf import settings
from django.db import models


class Directorate(models.Model):
    """The part of the organisation a member of staff belongs to, for reach by directorate.

    Filled at each single sign-on from the claim CEOBLOG_OIDC_DIRECTORATE_CLAIM names, or by hand
    in the admin for local accounts.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directorate"
    )
    name = models.CharField(
        "directorate",
        max_length=100,
        blank=True,
        help_text="The directorate or department, as the organisation names it.",
    )

    class Meta:
        verbose_name = "directorate"

    def __str__(self):
        return self.name or "No directorate"


class Read(models.Model):
    """One reader's first read of one post; deleted after the period reads are kept."""

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reads"
    )
    first_read_at = models.DateTimeField()
    # The directorate at the time of reading, so totals do not move when someone changes team.
    directorate = models.CharField(max_length=100, blank=True)
    from_alert = models.BooleanField(
        default=False, help_text="The reader came from the email alert about the post."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_read_per_reader_per_post")
        ]
        indexes = [models.Index(fields=["first_read_at"], name="read_first_read_at")]

    def __str__(self):
        return f"Read of post {self.post_id}"


class DailyReads(models.Model):
    """How many readers first read a post on a day, by directorate: kept after the reads go."""

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="daily_reads")
    day = models.DateField()
    directorate = models.CharField(max_length=100, blank=True)
    readers = models.PositiveIntegerField(default=0)
    from_alert = models.PositiveIntegerField(
        default=0, help_text="How many of those readers came from the email alert."
    )

    class Meta:
        verbose_name_plural = "daily reads"
        constraints = [
            models.UniqueConstraint(
                fields=["post", "day", "directorate"], name="one_daily_total_per_directorate"
            )
        ]
        indexes = [models.Index(fields=["day"], name="dailyreads_day")]

    def __str__(self):
        return f"{self.readers} readers of post {self.post_id} on {self.day}"

from django.conf import settings
from django.db import models


class ApprovalStep(models.Model):
    """One step in a post's approval: a submission, a request for changes or an approval.

    The post's approval state is its latest step. Each step keeps the content it was about (the
    title, body, excerpt and featured photo, and their fingerprint), so the gate can tell whether
    the post still says what was approved, and the approver can see what changed since.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for approval"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="approval_steps")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text="Who submitted, approved or asked for changes.",
    )
    at = models.DateTimeField(db_index=True)
    note = models.TextField(blank=True, help_text="Seen only in the admin, never by readers.")
    fingerprint = models.CharField(max_length=64, help_text="Of the content this step was about.")
    content = models.JSONField(default=dict, help_text="The title, body, excerpt and photo.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["post", "-at", "-id"], name="approval_post_latest_idx")]
        verbose_name = "approval step"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.content.get('title') or '(no title)'}"

    @property
    def by_name(self):
        if self.by is None:
            return "someone no longer here"
        return self.by.get_full_name() or self.by.get_username()

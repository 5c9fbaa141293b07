from django.conf import settings
from django.db import models
from django.utils import timezone


class CheckOverride(models.Model):
    """An approver's decision to publish a post despite failed accessibility checks, and why.

    It covers the failures listed in `findings` and no others: a later change that brings a new
    failure needs a new override. `fingerprint` names that set of failures.
    """

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="check_overrides")
    findings = models.JSONField(
        help_text="The failures overridden: each its key, message and where it is."
    )
    fingerprint = models.CharField(max_length=64, db_index=True)
    reason = models.TextField(help_text="Why the post may be published with these failures.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="check_overrides"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "override of the checks"
        verbose_name_plural = "overrides of the checks"

    def __str__(self):
        return f"Checks overridden on “{self.post}” by {self.created_by}"

    @property
    def keys(self):
        return {item["key"] for item in self.findings}

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEvent(models.Model):
    """One thing somebody did: who, what, to what, when and from where."""

    at = models.DateTimeField(db_index=True, help_text="When it happened.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who did it; empty for the site itself (a scheduled change, a command).",
    )
    # Kept as text so the row still names someone whose account was later deleted.
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(
        max_length=50,
        db_index=True,
        help_text='What was done, as a short code such as "post.publish" or "comment.approve".',
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField("object", max_length=200, blank=True)
    message = models.TextField(blank=True)
    address = models.GenericIPAddressField(
        null=True, blank=True, help_text="The address the request came from, if there was one."
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="audit_object_idx")
        ]
        verbose_name = "audit event"
        verbose_name_plural = "audit log"

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or 'site'} {self.action} {self.object_repr}"
        )

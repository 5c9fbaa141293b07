from django.conf import settings
from django.db import models


class ExternalIdentity(models.Model):
    """Link a ceoblog user to the provider's permanent identifier for that person."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identity"
    )
    issuer = models.CharField(max_length=500, help_text="The provider that vouches for the user.")
    subject = models.CharField(
        max_length=255, help_text="The provider's identifier for the user; it never changes."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_external_identity")
        ]

    def __str__(self):
        return f"{self.user} at {self.issuer}"

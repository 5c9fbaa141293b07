"""What keeps a post's unsaved work safe: autosaves, and who has the post open."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Autosave(models.Model):
    """One person's latest unsaved values of one post's form, never the post itself."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves"
    )
    post = models.ForeignKey(
        "posts.Post",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
        help_text="Empty for a post that has not been saved yet.",
    )
    # Text fields without a length: what was typed is kept even when the form would refuse it.
    title = models.TextField(blank=True)
    slug = models.TextField(blank=True)
    body = models.TextField(blank=True)
    excerpt = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    saved_at = models.DateTimeField(db_index=True)

    # The form fields an autosave keeps, in the order a person fills them in.
    FIELDS = ("title", "slug", "body", "excerpt", "tags")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_autosave_per_user_and_post"),
            # NULLs are distinct in a unique constraint, so a new post's autosave needs its own.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(post__isnull=True),
                name="one_new_post_autosave_per_user",
            ),
        ]

    def __str__(self):
        what = f"“{self.post}”" if self.post_id else "a new post"
        return f"Autosave of {what} by {self.user}"

    def values(self):
        return {name: getattr(self, name) for name in self.FIELDS}


class Presence(models.Model):
    """Someone who has a post's change page open, as last told by their page's heartbeat."""

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presences"
    )
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_presence_per_post_and_user")
        ]
        indexes = [models.Index(fields=["post", "last_seen_at"], name="presence_post_seen_idx")]

    def __str__(self):
        return f"{self.user} editing “{self.post}”"

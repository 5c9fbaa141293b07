"""A reader's quick answer to a post ("Thank you"): one of each kind per person per post.

Readers see only how many of each kind a post has; who reacted is shown to no one on the site.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Reaction(models.Model):
    class Kind(models.TextChoices):
        THANKS = "thanks", "Thank you"
        USEFUL = "useful", "Useful"
        INSPIRING = "inspiring", "Inspiring"

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="reactions")
    # CASCADE: a reaction holds nothing worth keeping once its person's account is gone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Also the index the post page's count reads: every reaction of a post, together.
            models.UniqueConstraint(
                fields=["post", "kind", "user"], name="one_reaction_of_a_kind_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["thanks", "useful", "inspiring"]),
                name="reaction_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["user"], name="reaction_user_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} on post {self.post_id}"

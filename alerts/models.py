import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_token():
    """Return a random, URL-safe secret of 43 characters."""
    return secrets.token_urlsafe(32)


class FeedTokenQuerySet(models.QuerySet):
    def active(self):
        """Return the tokens that still open a private feed: not revoked, owner still active."""
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class FeedToken(models.Model):
    """A secret in a private feed address, letting a feed reader read feeds without signing in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the address was turned off or replaced."
    )

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_feed_token_per_user",
            )
        ]

    def __str__(self):
        state = "revoked" if self.revoked_at else "active"
        return f"Private feed address of {self.user} ({state})"


class Subscription(models.Model):
    """A person's wish to be emailed about new posts."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "An email for each new post, as soon as it is published"
        WEEKLY = "weekly", "One weekly digest of the week's posts"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_subscription"
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    unsubscribe_token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )
    # Posts published before this are never sent: subscribing is not a request for the archive.
    created_at = models.DateTimeField(default=timezone.now)
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=["immediate", "weekly"]),
                name="subscription_frequency_valid",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_frequency_display()})"


class Delivery(models.Model):
    """A post sent to a subscriber; the unique pair is what stops a post being sent twice."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    post = models.ForeignKey(
        "posts.Post", on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "post"], name="one_alert_per_post_per_subscriber"
            )
        ]

    def __str__(self):
        return f"{self.post} to {self.subscription.user}"


class CommentEmail(models.TextChoices):
    """The kinds of email about comments, each of which a person can turn on and off."""

    REPLIES = "replies", "Replies to my comments"
    OFFICIAL_REPLIES = "official-replies", "Official replies on posts I commented on"
    NEW_COMMENTS = "new-comments", "New comments on my posts"


class EmailSettings(models.Model):
    """Which emails about comments a person wants; no row means the defaults (all on)."""

    # The field that holds each kind's choice.
    FIELDS = {
        CommentEmail.REPLIES: "replies",
        CommentEmail.OFFICIAL_REPLIES: "official_replies",
        CommentEmail.NEW_COMMENTS: "new_comments",
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_settings"
    )
    replies = models.BooleanField(default=True, help_text=CommentEmail.REPLIES.label)
    official_replies = models.BooleanField(
        default=True, help_text=CommentEmail.OFFICIAL_REPLIES.label
    )
    new_comments = models.BooleanField(default=True, help_text=CommentEmail.NEW_COMMENTS.label)
    # One secret for the unsubscribe links in every email about comments; the link names the kind.
    unsubscribe_token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )

    class Meta:
        verbose_name = "email settings"
        verbose_name_plural = "email settings"

    def __str__(self):
        return f"Email settings of {self.user}"

    def wants(self, kind):
        return getattr(self, self.FIELDS[kind])


class CommentDelivery(models.Model):
    """A comment emailed to a person; the unique pair is what stops it being sent twice."""

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, related_name="email_deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_deliveries"
    )
    kind = models.CharField(max_length=20, choices=CommentEmail.choices)
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "comment email"
        verbose_name_plural = "comment emails"
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="one_email_per_comment_per_person"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["replies", "official-replies", "new-comments"]),
                name="comment_delivery_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: comment {self.comment_id} to {self.user}"

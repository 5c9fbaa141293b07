from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

BODY_MAX_LENGTH = 5000


def shown_to_readers(prefix=""):
    """Return the condition for a comment every reader sees: approved, under an approved parent."""
    approved = Comment.Status.APPROVED
    return Q(**{f"{prefix}status": approved}) & (
        Q(**{f"{prefix}parent__isnull": True}) | Q(**{f"{prefix}parent__status": approved})
    )


def approved_comment_count():
    """Return an expression counting a post's comments that readers see, for annotate()."""
    counts = (
        Comment.objects.filter(shown_to_readers(), post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)


def author_display_name(first_name, last_name, username):
    """Return the name a comment is shown under: the full name, else the username."""
    # As User.get_full_name() puts it together.
    return f"{first_name} {last_name}".strip() or username


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="comments")
    # PROTECT: a person's words are never deleted as a side effect of removing their account.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        help_text="The top-level comment this one replies to.",
    )
    body = models.TextField(
        max_length=BODY_MAX_LENGTH,
        help_text="Plain text as the author wrote it; shown escaped, with links made clickable.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        help_text="Only approved comments are shown to readers.",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderated_comments",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    is_official = models.BooleanField(
        "official reply",
        default=False,
        help_text="Shown with an “Official reply” badge: written for the chief executive's office.",
    )

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [
            ("post_official_reply", "Can post official replies"),
            ("close_comments", "Can open and close comments on posts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "spam"]),
                name="comment_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["post", "status", "created_at"], name="comment_post_status_idx"),
            models.Index(fields=["author", "created_at"], name="comment_author_recent_idx"),
            # The moderation queue: a state's comments newest first, and how many there are.
            models.Index(fields=["status", "-created_at", "-id"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.post}"

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        """The comment's id in a page; a string, which templates print without localising."""
        return f"comment-{self.pk}"

    @property
    def author_name(self):
        author = self.author
        return author_display_name(author.first_name, author.last_name, author.get_username())

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    def clean(self):
        if self.parent_id is None:
            return
        parent = self.parent
        if parent.post_id != self.post_id:
            raise ValidationError({"parent": "A reply must be on the same post as its comment."})
        if parent.parent_id is not None:
            raise ValidationError({"parent": "Replies go under a top-level comment, not a reply."})

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedObject(models.Model):
    """Remember which ceoblog object a WordPress object became, and where it used to live."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"
        COMMENT = "comment", "Comment"
        TAG = "tag", "Tag"
        CATEGORY = "category", "Category"

    source = models.CharField(
        max_length=200,
        help_text="The WordPress site the object came from: its address without http(s)://.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wp_id = models.PositiveBigIntegerField(
        "WordPress ID", null=True, blank=True, help_text="Empty for terms the export gave no ID."
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="wordpress_imports"
    )
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="A digest of the WordPress data, to spot changes."
    )
    old_path = models.CharField(
        max_length=500,
        blank=True,
        db_index=True,
        help_text="The object's address on the old blog, which now redirects to the new one.",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_id"],
                condition=models.Q(wp_id__isnull=False),
                name="unique_wordpress_object",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="wp_import_target_idx")]

    def __str__(self):
        return f"WordPress {self.kind} {self.wp_id or self.old_path} from {self.source}"


class ImportedPerson(models.Model):
    """Remember which ceoblog user a WordPress author or commenter became, by their identity there.

    A later import finds the same person here whatever has been edited in ceoblog since (their
    username, email or name), so it neither creates them twice nor moves their words.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        COMMENTER = "commenter", "Commenter"

    source = models.CharField(
        max_length=200,
        help_text="The WordPress site the person came from: its address without http(s)://.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    identity = models.CharField(
        max_length=255,
        help_text="Who they were in WordPress: an author's login; a commenter's email address, "
        "or their name when they gave none (shortened to 255 characters).",
    )
    identity_hash = models.CharField(
        max_length=64, help_text="A digest of the whole identity, however long, to look it up."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wordpress_identities"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "imported people"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "identity_hash"], name="unique_wordpress_person"
            ),
        ]

    def __str__(self):
        return f"WordPress {self.kind} {self.identity!r} from {self.source}"

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedObject(models.Model):
    """Remember which ceoblog object a WordPress object became, and where it used to live."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
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

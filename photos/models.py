from django.conf import settings
from django.db import models


class Photo(models.Model):
    """One image in the media library, stored once and shown at several sizes."""

    title = models.CharField(
        max_length=200,
        help_text="A name to find the photo by in the library; readers do not see it.",
    )
    image = models.ImageField(
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text="A JPEG, PNG, WebP or HEIC (iPhone) photo of up to 120 megapixels. Large "
        "photos are made smaller and location data is removed when they are uploaded.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the photo shows, for people who cannot see it: "
        "“The chief executive opening the new library in Ashford”.",
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text="Shown under the photo. Optional."
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who took the photo, shown after the caption. Optional.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="uploaded_photos",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title

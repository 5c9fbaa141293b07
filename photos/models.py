import re
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone

ORIGINAL_NAME_LENGTH = 255


def photo_upload_to(photo, filename):
    """Return a stored name nobody can guess, keeping the extension: photos/2026/12/<random>.jpg.

    The name the file came with (a camera's or a person's, "Sams-house-party.jpg") is kept in
    original_name, for the library only: addresses and the media folder never show it.
    """
    photo.original_name = PurePosixPath(filename).name[-ORIGINAL_NAME_LENGTH:]
    extension = re.sub(r"[^a-z0-9]", "", PurePosixPath(filename).suffix.lower())[:5]
    suffix = f".{extension}" if extension else ""
    return f"photos/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}{suffix}"


class Photo(models.Model):
    """One image in the media library, stored once and shown at several sizes."""

    title = models.CharField(
        max_length=200,
        help_text="A name to find the photo by in the library; readers do not see it.",
    )
    image = models.ImageField(
        upload_to=photo_upload_to,
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
    # Set by photo_upload_to; after the image field, so it is saved with the file it names.
    original_name = models.CharField(
        "uploaded as",
        max_length=ORIGINAL_NAME_LENGTH,
        blank=True,
        editable=False,
        help_text="The file's name on the computer or phone it came from.",
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title

"""Attachments: galleries and image addresses, and the photo library.

Without --media-dir, images keep their old addresses and attachments are reported as skipped.
With it, PhotoImport copies each attachment's file into the photo library, rewrites image
addresses in post bodies and sets featured images.
"""

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files import File

from wordpress.models import ImportedObject
from wordpress.shortcodes import Image

# WordPress names resized copies of an image photo-300x200.jpg beside photo.jpg.
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
URL_ATTRIBUTE = re.compile(r"""(\b(?:src|href)=)(["'])([^"']+)\2""", re.IGNORECASE)
IMAGE_TYPES = ("image/",)
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")

PHOTO_MODEL = ("photos", "Photo")
PHOTO_FILE_FIELD = "image"
POST_FEATURED_FIELD = "featured_photo"


def upload_path(attachment):
    """Return the file's path relative to wp-content/uploads, e.g. 2013/05/photo.jpg."""
    attached = attachment.meta.get("_wp_attached_file", "").strip()
    if attached:
        return attached.lstrip("/")
    path = unquote(urlsplit(attachment.attachment_url).path)
    return path.split("/uploads/", 1)[-1].lstrip("/")


def for_import(importer, attachments):
    """Return the media handler for this run: the media library if it can be filled."""
    if importer.media_dir:
        return PhotoImport(importer, attachments)
    return MediaIndex(importer, attachments)


class MediaIndex:
    """Answer galleries from the export's attachments, leaving every address as it was."""

    def __init__(self, importer, attachments):
        self.importer = importer
        self.attachments = attachments
        self._children = None

    def image(self, wp_id):
        attachment = self.attachments.get(wp_id)
        if attachment is None:
            return None
        return Image(
            url=self.url_of(attachment),
            alt=attachment.meta.get("_wp_attachment_image_alt", "").strip(),
            caption=attachment.excerpt.strip(),
        )

    def images_of(self, post_id):
        if self._children is None:
            self._children = {}
            for attachment in self.attachments.values():
                self._children.setdefault(attachment.parent_id, []).append(attachment.wp_id)
        return [self.image(wp_id) for wp_id in self._children.get(post_id, [])]

    def url_of(self, attachment):
        return attachment.attachment_url

    def rewrite(self, html):
        return html

    def featured_image(self, item):
        return None

    def count_attachment(self, attachment):
        reason = "attachments (no --media-dir given; images keep their old addresses)"
        self.importer.report.skip(f"attachment {attachment.wp_id}", reason)


class PhotoImport(MediaIndex):
    """Copy attachments into the media library and point posts at the copies."""

    def __init__(self, importer, attachments):
        super().__init__(importer, attachments)
        self.model = apps.get_model(*PHOTO_MODEL)
        self.content_type = ContentType.objects.get_for_model(self.model)
        self.photos = {}
        self.by_file_name = {}
        for attachment in attachments.values():
            photo = self._import(attachment)
            if photo is not None:
                self.photos[attachment.wp_id] = photo
                relative = upload_path(attachment)
                self.by_file_name.setdefault(Path(relative).name, []).append((relative, photo))

    def _import(self, attachment):
        report = self.importer.report
        relative = upload_path(attachment)
        if not relative.lower().endswith(IMAGE_EXTENSIONS):
            report.skip(f"attachment {attachment.wp_id} ({relative})", "files that are not images")
            return None
        digest = hashlib.sha256(
            f"{relative}|{attachment.title}|{attachment.excerpt}|{attachment.meta}".encode()
        ).hexdigest()
        mapping = ImportedObject.objects.filter(
            source=self.importer.source,
            kind=ImportedObject.Kind.ATTACHMENT,
            wp_id=attachment.wp_id,
        ).first()
        photo = mapping.content_object if mapping else None
        if photo is not None and mapping.content_hash == digest:
            report.count("media", "unchanged")
            return photo
        source = Path(self.importer.media_dir) / relative
        if not source.is_file():
            report.count("media", "missing")
            report.warn(f"Attachment {attachment.wp_id}: {relative} is not in the media folder.")
            return photo
        photo = photo or self.model()
        photo.title = attachment.title.strip()[:200] or Path(relative).stem
        photo.alt_text = attachment.meta.get("_wp_attachment_image_alt", "").strip()
        if not photo.alt_text:
            # The library requires alt text; WordPress did not. The title is a start.
            photo.alt_text = photo.title
            report.warn(f"Attachment {attachment.wp_id} had no alt text: used its title.")
        photo.caption = attachment.excerpt.strip()
        photo.uploaded_by = self.importer._author_of(attachment)
        with source.open("rb") as handle:
            getattr(photo, PHOTO_FILE_FIELD).save(Path(relative).name, File(handle), save=False)
        photo.full_clean()
        photo.save()
        report.count("media", "updated" if mapping else "new")
        ImportedObject.objects.update_or_create(
            source=self.importer.source,
            kind=ImportedObject.Kind.ATTACHMENT,
            wp_id=attachment.wp_id,
            defaults={
                "content_type": self.content_type,
                "object_id": photo.pk,
                "content_hash": digest,
                "old_path": "/wp-content/uploads/" + relative,
            },
        )
        return photo

    def url_of(self, attachment):
        photo = self.photos.get(attachment.wp_id)
        return getattr(photo, PHOTO_FILE_FIELD).url if photo else attachment.attachment_url

    def _photo_for_url(self, url):
        path = SIZE_SUFFIX.sub("", unquote(urlsplit(url).path))
        for relative, photo in self.by_file_name.get(Path(path).name, []):
            if path.endswith("/" + relative):
                return photo
        return None

    def rewrite(self, html):
        def replace(match):
            photo = self._photo_for_url(match.group(3))
            if photo is None:
                return match.group(0)
            url = getattr(photo, PHOTO_FILE_FIELD).url
            return f"{match.group(1)}{match.group(2)}{url}{match.group(2)}"

        return URL_ATTRIBUTE.sub(replace, html)

    def featured_image(self, item):
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        return self.photos.get(int(thumbnail)) if thumbnail.isdigit() else None

    def count_attachment(self, attachment):
        """Attachments were imported before the posts; nothing is left to do."""

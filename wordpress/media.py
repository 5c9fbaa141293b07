"""Attachments: galleries and image addresses, and the photo library.

Without --media-dir, images keep their old addresses and attachments are reported as skipped.
With it, PhotoImport copies each attachment's file into the photo library, rewrites image
addresses in post bodies and sets featured images.
"""

import hashlib
import re
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from photos.images import photo_image_clean
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


OUTSIDE = "files outside the media folder (an export may only name files inside it)"
UNREADABLE = "files that could not be read from the media folder"


def media_file(media_dir, relative):
    """Return the file's real path if it is inside media_dir; None if it would lead outside.

    "..", absolute paths and links (to files or folders) that end outside the folder are
    refused: an export names files, and must not reach any other file on the server.
    """
    root = Path(media_dir).resolve()
    parts = PurePosixPath(relative).parts
    if not parts or ".." in parts or PurePosixPath(relative).is_absolute() or "\x00" in relative:
        return None
    try:
        resolved = root.joinpath(*parts).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    return resolved if resolved.is_relative_to(root) else None


@contextmanager
def files_kept_if_saved(importer):
    """Remove the files the import wrote to the media folder if it fails or is a dry run.

    A transaction that is rolled back takes the rows back, but not files already written.
    """
    importer.written_files = []
    try:
        yield
    except BaseException:
        _remove(importer.written_files)
        raise
    if importer.report.dry_run:
        _remove(importer.written_files)


def _remove(names):
    for name in names:
        with suppress(OSError):
            default_storage.delete(name)
    names.clear()


def _limited(value, model, field):
    return value[: model._meta.get_field(field).max_length]


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
        what = f"attachment {attachment.wp_id} ({relative})"
        source = media_file(self.importer.media_dir, relative)
        if source is None:
            report.skip(what, OUTSIDE)
            return photo
        if not source.is_file():
            report.count("media", "missing")
            report.warn(f"Attachment {attachment.wp_id}: {relative} is not in the media folder.")
            return photo
        try:
            # The checks of the admin's upload form: type by content, size and pixel limits,
            # re-saved upright without EXIF (GPS included), comments or other text.
            with source.open("rb") as handle:
                cleaned = photo_image_clean(File(handle, name=Path(relative).name))
        except ValidationError as error:
            report.skip(what, f"files the photo library refuses: {' '.join(error.messages)}")
            return photo
        except OSError:
            report.skip(what, UNREADABLE)
            return photo
        photo = photo or self.model()
        model = self.model
        photo.title = _limited(attachment.title.strip(), model, "title") or Path(relative).stem
        photo.alt_text = _limited(
            attachment.meta.get("_wp_attachment_image_alt", "").strip(), model, "alt_text"
        )
        if not photo.alt_text:
            # The library requires alt text; WordPress did not. The title is a start.
            photo.alt_text = photo.title
            report.warn(f"Attachment {attachment.wp_id} had no alt text: used its title.")
        photo.caption = _limited(attachment.excerpt.strip(), model, "caption")
        photo.uploaded_by = self.importer._author_of(attachment)
        image = getattr(photo, PHOTO_FILE_FIELD)
        image.save(cleaned.name, cleaned, save=False)
        self.importer.written_files.append(image.name)
        try:
            photo.full_clean()
        except ValidationError as error:
            image.delete(save=False)
            report.skip(what, f"photos the library cannot hold ({'; '.join(error.messages)})")
            return None
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

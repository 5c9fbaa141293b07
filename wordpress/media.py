"""Attachments and embedded media: galleries, file addresses, players, and the libraries.

Without --media-dir, files keep their old addresses and attachments are reported as skipped.
With it, PhotoImport copies each attachment's file into its library (images to photos, PDFs and
office files to documents, videos and recordings to audiovideo), each with that library's own
upload checks, rewrites addresses in post bodies and sets featured images. Either way, players
and embeds in post bodies are kept where the site allows them and reported where it does not.
"""

import hashlib
import re
from contextlib import contextmanager, suppress
from html import unescape
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.html import escape

from audiovideo.forms import RecordingForm
from audiovideo.models import Recording
from audiovideo.players import player_html
from audiovideo.usage import recording_address
from documents.files import KINDS
from documents.forms import DocumentForm
from documents.models import Document
from documents.thumbnails import document_thumbnail_make
from photos.images import photo_image_clean
from posts.embeds import embed_src_allowed
from posts.models import Post
from wordpress.models import ImportedObject
from wordpress.shortcodes import Image

# WordPress names resized copies of an image photo-300x200.jpg beside photo.jpg.
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
URL_ATTRIBUTE = re.compile(r"""(\b(?:src|href)=)(["'])([^"']+)\2""", re.IGNORECASE)
SRCSET_ATTRIBUTE = re.compile(r"""(\bsrcset=)(["'])([^"']+)\2""", re.IGNORECASE)
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif")
# Which library a file goes to is chosen by its name; the library's checks then read its content.
DOCUMENT_EXTENSIONS = tuple(f".{kind.extension}" for kind in KINDS.values())
RECORDING_EXTENSIONS = (
    *(".mp4", ".m4v", ".mov", ".webm"),
    *(".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".aac"),
)
OLD_PATH_LENGTH = ImportedObject._meta.get_field("old_path").max_length
OTHER_TYPES = (
    "files of a type no library takes (photos, documents, videos and audio): their links keep "
    "their old address"
)

# Elements of a post body that the site plays or embeds differently, by their opening tags.
# Each is taken with what follows up to its closing tag (or alone, if it has none), found in one
# pass over the text whatever its length or however many are left open.
PLAYER_TAG = re.compile(r"<(?P<kind>video|audio)\b(?P<attributes>[^>]*)>", re.IGNORECASE)
PLAYER_END = re.compile(r"</(?:video|audio)\s*>", re.IGNORECASE)
SOURCE_TAG = re.compile(r"<source\b([^>]*)>", re.IGNORECASE)
IFRAME_TAG = re.compile(r"<iframe\b(?P<attributes>[^>]*)>", re.IGNORECASE)
IFRAME_END = re.compile(r"</iframe\s*>", re.IGNORECASE)
# Browser plugins (Flash and the like): no browser plays them any more. <embed> has no end.
OBJECT_TAG = re.compile(r"<(?P<kind>object)\b(?P<attributes>[^>]*)>", re.IGNORECASE)
OBJECT_END = re.compile(r"</object\s*>", re.IGNORECASE)
EMBED_TAG = re.compile(r"<(?P<kind>embed)\b(?P<attributes>[^>]*)>", re.IGNORECASE)
# A link: one to a library recording becomes its player.
LINK_TAG = re.compile(r"<a\b(?P<attributes>[^>]*)>", re.IGNORECASE)
LINK_END = re.compile(r"</a\s*>", re.IGNORECASE)
# Around a player put where a link was (characters of Unicode's private use area), so that a
# paragraph holding only the link can be taken away with it.
PLAYER_START, PLAYER_END_MARK = "\ue000", "\ue001"
LONE_PLAYER = re.compile(r"<p>\s*\ue000([^\ue001]*)\ue001\s*</p>")
# The block editor's embed block: the address WordPress asked its provider for a player for.
EMBED_BLOCK = re.compile(
    r"""<div\b[^>]*\bclass=["'][^"']*\bwp-block-embed__wrapper\b[^"']*["'][^>]*>\s*"""
    r"""(?:<a\b[^>]*\bhref=["'](?P<href>[^"']+)["'][^>]*>[^<]*</a\s*>|(?P<url>https?://[^\s<]+))"""
    r"""\s*</div\s*>""",
    re.IGNORECASE,
)
# An address alone in its paragraph, which WordPress showed as its provider's player.
LONE_LINK = re.compile(
    r"""<p>\s*<a href="(?P<href>https?://[^"]+)">(?P<text>[^<]+)</a>\s*</p>""", re.IGNORECASE
)
# Video pages whose players the site may embed: (address pattern, player address, site).
VIDEO_PAGES = [
    (
        re.compile(
            r"^https?://(?:www\.|m\.)?youtube\.com/(?:watch\?(?:[^#]*&)?v=|shorts/)([\w-]{6,})"
        ),
        "https://www.youtube-nocookie.com/embed/{}",
        "YouTube",
    ),
    (
        re.compile(r"^https?://youtu\.be/([\w-]{6,})"),
        "https://www.youtube-nocookie.com/embed/{}",
        "YouTube",
    ),
    (
        re.compile(r"^https?://(?:www\.)?vimeo\.com/(\d+)"),
        "https://player.vimeo.com/video/{}",
        "Vimeo",
    ),
]
# YouTube's own embed addresses, which its privacy-enhanced host answers as well.
YOUTUBE_EMBED = re.compile(r"^(?:https?:)?//(?:www\.)?youtube\.com/embed/", re.IGNORECASE)
YOUTUBE_NOCOOKIE = "www.youtube-nocookie.com"

PHOTO_MODEL = ("photos", "Photo")
PHOTO_FILE_FIELD = "image"
POST_FEATURED_FIELD = "featured_photo"


def upload_path(attachment):
    """Return the file's path relative to wp-content/uploads, e.g. 2013/05/photo.jpg."""
    attached = attachment.meta.get("_wp_attached_file", "").strip()
    if attached:
        return attached.lstrip("/")
    try:
        path = unquote(urlsplit(attachment.attachment_url).path)
    except ValueError:  # not an address at all ("http://[oops")
        return ""
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


def _is_file(path):
    try:
        return path.is_file()
    except OSError:  # a name too long for the disk
        return False


def _limited(value, model, field):
    return value[: model._meta.get_field(field).max_length]


def library_file_url(item):
    """Return the address of a library item's file (a photo, document or recording)."""
    if item is None:
        return None
    file = getattr(item, PHOTO_FILE_FIELD, None) or getattr(item, "file", None)
    return file.url if file else None


def attribute(attributes, name):
    """Return the value of an attribute in an HTML tag's attribute text, entities decoded."""
    match = re.search(
        rf"""(?:^|\s){name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", attributes, re.I
    )
    if match is None:
        return ""
    return unescape(next(value for value in match.groups() if value is not None)).strip()


def file_name(url):
    try:
        return PurePosixPath(unquote(urlsplit(url).path)).name or url
    except ValueError:
        return url


def url_host(url):
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def video_player(url):
    """Return the embedded player for a video page on an allowed host, or "" if there is none."""
    for page, player, site in VIDEO_PAGES:
        if found := page.match(url):
            address = player.format(found.group(1))
            if embed_src_allowed(address):
                return f'<iframe src="{address}" title="{site} video"></iframe>'
    return ""


def replace_elements(html, opening, closing, replace):
    """Return html with each element found put through replace(match, inner, whole).

    An element runs from its opening tag to the next closing tag; one left open (another opens
    first, or none follows) is its opening tag alone. One pass, whatever the text's length.
    """
    openings = list(opening.finditer(html))
    if not openings:
        return html
    closings = list(closing.finditer(html)) if closing else []
    out, position, next_closing = [], 0, 0
    for index, match in enumerate(openings):
        if match.start() < position:
            continue  # inside the element just replaced
        while next_closing < len(closings) and closings[next_closing].start() < match.end():
            next_closing += 1
        end, inner = match.end(), ""
        if next_closing < len(closings):
            close = closings[next_closing]
            following = openings[index + 1].start() if index + 1 < len(openings) else len(html)
            if close.start() < following:
                end, inner = close.end(), html[match.end() : close.start()]
        out.append(html[position : match.start()])
        out.append(replace(match, inner, html[match.start() : end]))
        position = end
    out.append(html[position:])
    return "".join(out)


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

    def rewrite(self, html, wp_id=None):
        """Return html with players and embeds as the site keeps them, reporting each change."""
        self.wp_id = wp_id
        if self._has_recordings():
            html = replace_elements(html, LINK_TAG, LINK_END, self._link)
            # A player is no paragraph's content: a link alone in one takes its place.
            html = (
                LONE_PLAYER.sub(r"\1", html).replace(PLAYER_START, "").replace(PLAYER_END_MARK, "")
            )
        html = EMBED_BLOCK.sub(self._embed_block, html)
        html = LONE_LINK.sub(self._lone_link, html)
        html = replace_elements(html, PLAYER_TAG, PLAYER_END, self._player)
        html = replace_elements(html, IFRAME_TAG, IFRAME_END, self._iframe)
        html = replace_elements(html, OBJECT_TAG, OBJECT_END, self._plugin)
        html = replace_elements(html, EMBED_TAG, None, self._plugin)
        return self._repoint(html)

    def _has_recordings(self):
        return False

    def _repoint(self, html):
        return html

    def _recording_for(self, url):
        return None

    def _warn(self, message):
        where = f"Post {self.wp_id}: " if self.wp_id is not None else ""
        self.importer.report.warn(where + message)

    def _link(self, match, inner, whole):
        recording = self._recording_for(attribute(match["attributes"], "href"))
        return f"{PLAYER_START}{player_html(recording)}{PLAYER_END_MARK}" if recording else whole

    def _player(self, match, inner, whole):
        kind = match["kind"].lower()
        src = attribute(match["attributes"], "src")
        if not src:
            sources = SOURCE_TAG.findall(inner)
            src = next((attribute(found, "src") for found in sources if found), "")
        if not src:
            self._warn(f"<{kind}> naming no file removed.")
            return ""
        if src.startswith(recording_address("audiovideo/")):
            # A player of this site's own library (an export written by ceoblog): kept as it is.
            return whole
        recording = self._recording_for(src)
        if recording is not None:
            return player_html(recording)
        self._warn(
            f"<{kind}> of {src} is not in the video and audio library ({self._why_not()}): "
            "replaced by a link to it."
        )
        return f'<p><a href="{escape(src)}">{kind.title()}: {escape(file_name(src))}</a></p>'

    def _why_not(self):
        return "no --media-dir given"

    def _embed_block(self, match):
        url = unescape(match["href"] or match["url"])
        player = video_player(url)
        if player:
            return player
        host = url_host(url) or url
        self._warn(
            f"embedded content from {host} is not from one of the site's embed hosts "
            "(CEOBLOG_EMBED_HOSTS): kept as a link to it."
        )
        return f'<p><a href="{escape(url)}">{escape(url)}</a></p>'

    def _lone_link(self, match):
        url = unescape(match["href"])
        if unescape(match["text"]).strip() != url:
            return match[0]
        return video_player(url) or match[0]

    def _iframe(self, match, inner, whole):
        src = attribute(match["attributes"], "src")
        if not src:
            self._warn("<iframe> naming no address removed.")
            return ""
        wanted = self._embed_address(src)
        if embed_src_allowed(wanted):
            # The sanitiser keeps its address, title and size, and sets the rest itself.
            kept = [f'src="{escape(wanted)}"']
            for name in ("title", "width", "height"):
                if value := attribute(match["attributes"], name):
                    kept.append(f'{name}="{escape(value)}"')
            return f"<iframe {' '.join(kept)}></iframe>"
        host = url_host(src) or src
        self._warn(
            f"<iframe> from {host} is not from one of the site's embed hosts "
            "(CEOBLOG_EMBED_HOSTS): replaced by a link to it."
        )
        return f'<p><a href="{escape(src)}">Embedded content from {escape(host)}</a></p>'

    def _embed_address(self, src):
        """Return the address to embed: YouTube's privacy-enhanced one, https, where allowed."""
        if YOUTUBE_EMBED.match(src) and embed_src_allowed(f"https://{YOUTUBE_NOCOOKIE}/embed/"):
            return YOUTUBE_EMBED.sub(f"https://{YOUTUBE_NOCOOKIE}/embed/", src)
        if src.startswith("//"):
            return "https:" + src
        if src.lower().startswith("http://"):
            return "https://" + src[len("http://") :]
        return src

    def _plugin(self, match, inner, whole):
        attributes = match["attributes"]
        address = attribute(attributes, "data") or attribute(attributes, "src") or "no file"
        if address == "no file" and (embedded := EMBED_TAG.search(inner)):
            address = attribute(embedded["attributes"], "src") or address
        self._warn(
            f"<{match['kind'].lower()}> of {address} removed: browsers no longer play plugins "
            "(Flash)."
        )
        return ""

    def featured_image(self, item):
        return None

    def count_attachment(self, attachment):
        reason = "attachments (no --media-dir given; files keep their old addresses)"
        self.importer.report.skip(f"attachment {attachment.wp_id}", reason)

    def finish(self):
        """Do what needs every post saved first."""


class Refused(Exception):
    """A library's upload checks refused a file; the message says why."""

    def __init__(self, library, messages):
        super().__init__(f"files the {library} refuses: {' '.join(messages)}")


def _form_messages(form):
    return [message for messages in form.errors.values() for message in messages]


class PhotoImport(MediaIndex):
    """Copy attachments into the libraries and point posts at the copies."""

    def __init__(self, importer, attachments):
        super().__init__(importer, attachments)
        self.model = apps.get_model(*PHOTO_MODEL)
        self.content_types = {}
        self.photos = {}
        self.documents = []
        self.recordings_imported = False
        self.by_file_name = {}
        for attachment in attachments.values():
            item = self._import(attachment)
            if item is None:
                continue
            if isinstance(item, self.model):
                self.photos[attachment.wp_id] = item
            elif isinstance(item, Document):
                self.documents.append(item)
            else:
                self.recordings_imported = True
            relative = upload_path(attachment)
            self.by_file_name.setdefault(PurePosixPath(relative).name, []).append((relative, item))

    def _copier(self, relative):
        name = relative.lower()
        if name.endswith(IMAGE_EXTENSIONS):
            return self._copy_photo
        if name.endswith(DOCUMENT_EXTENSIONS):
            return self._copy_document
        if name.endswith(RECORDING_EXTENSIONS):
            return self._copy_recording
        return None

    def _import(self, attachment):
        report = self.importer.report
        relative = upload_path(attachment)
        what = f"attachment {attachment.wp_id} ({relative})"
        copy = self._copier(relative)
        if copy is None:
            report.skip(what, OTHER_TYPES)
            return None
        digest = hashlib.sha256(
            f"{relative}|{attachment.title}|{attachment.excerpt}|{attachment.meta}".encode()
        ).hexdigest()
        mapping = ImportedObject.objects.filter(
            source=self.importer.source,
            kind=ImportedObject.Kind.ATTACHMENT,
            wp_id=attachment.wp_id,
        ).first()
        existing = mapping.content_object if mapping else None
        if existing is not None and mapping.content_hash == digest:
            report.count("media", "unchanged")
            self.importer.restore_addresses(attachment, existing)
            return existing
        source = media_file(self.importer.media_dir, relative)
        if source is None:
            report.skip(what, OUTSIDE)
            return existing
        if not _is_file(source):
            report.count("media", "missing")
            report.warn(f"Attachment {attachment.wp_id}: {relative} is not in the media folder.")
            return existing
        try:
            handle = source.open("rb")
        except OSError:
            report.skip(what, UNREADABLE)
            return existing
        # A file that cannot be written (a full disk) ends the import, with nothing saved.
        try:
            with handle:
                item = copy(attachment, File(handle, name=PurePosixPath(relative).name), existing)
        except Refused as refusal:
            report.skip(what, str(refusal))
            return existing
        report.count("media", "updated" if mapping else "new")
        if isinstance(item, Recording):
            self._warn_missing_words(attachment, relative, item)
        old_path = "/wp-content/uploads/" + relative
        if len(old_path) > OLD_PATH_LENGTH:
            report.warn(
                f"Attachment {attachment.wp_id}: its old address is too long to keep "
                f"(over {OLD_PATH_LENGTH} characters), so it will not redirect."
            )
            old_path = ""
        ImportedObject.objects.update_or_create(
            source=self.importer.source,
            kind=ImportedObject.Kind.ATTACHMENT,
            wp_id=attachment.wp_id,
            defaults={
                "content_type": self._content_type(item),
                "object_id": item.pk,
                "content_hash": digest,
                "old_path": old_path,
            },
        )
        # A ceoblog export carries the addresses the file answered for on the blog it came from.
        self.importer.restore_addresses(attachment, item)
        return item

    def _content_type(self, item):
        model = type(item)
        if model not in self.content_types:
            self.content_types[model] = ContentType.objects.get_for_model(model)
        return self.content_types[model]

    def _title(self, attachment, model, upload):
        return _limited(attachment.title.strip(), model, "title") or PurePosixPath(upload.name).stem

    def _written(self, *files):
        """Remember files written to storage (only those: a file not yet saved has its own name)."""
        self.importer.written_files.extend(
            file.name for file in files if file and getattr(file, "_committed", True)
        )

    def _copy_photo(self, attachment, upload, photo):
        # The checks of the admin's upload form: type by content, size and pixel limits,
        # re-saved upright without EXIF (GPS included), comments or other text.
        try:
            cleaned = photo_image_clean(upload)
        except ValidationError as error:
            raise Refused("photo library", error.messages) from None
        if photo is not None and not isinstance(photo, self.model):
            photo = None
        photo = photo or self.model()
        model = self.model
        photo.title = self._title(attachment, model, upload)
        photo.alt_text = _limited(
            attachment.meta.get("_wp_attachment_image_alt", "").strip(), model, "alt_text"
        )
        if not photo.alt_text:
            # The library requires alt text; WordPress did not. The title is a start.
            photo.alt_text = photo.title
            self.importer.report.warn(
                f"Attachment {attachment.wp_id} had no alt text: used its title."
            )
        photo.caption = _limited(attachment.excerpt.strip(), model, "caption")
        photo.uploaded_by = self.importer._author_of(attachment)
        image = getattr(photo, PHOTO_FILE_FIELD)
        image.save(cleaned.name, cleaned, save=False)
        self._written(image)
        try:
            photo.full_clean()
        except ValidationError as error:
            image.delete(save=False)
            raise Refused("photo library", error.messages) from None
        photo.save()
        return photo

    def _copy_document(self, attachment, upload, document):
        title = self._title(attachment, Document, upload)
        if isinstance(document, Document):
            # The file stays; only what WordPress says about it is brought up to date.
            document.title = title
            document.save(update_fields=["title"])
            return document
        # The document library's own upload form: type by content, size limit, no programs,
        # macros, scripts in PDFs or archive bombs.
        form = DocumentForm(data={"title": title}, files={"file": upload})
        if not form.is_valid():
            raise Refused("document library", _form_messages(form))
        document = form.save(commit=False)
        document.uploaded_by = self.importer._author_of(attachment)
        try:
            document.save()
        finally:
            self._written(document.file)
        document_thumbnail_make(document)
        self._written(document.thumbnail)
        return document

    def _copy_recording(self, attachment, upload, recording):
        title = self._title(attachment, Recording, upload)
        if isinstance(recording, Recording):
            recording.title = title
            recording.save(update_fields=["title"])
            return recording
        # The library's own upload form: ffprobe decides from the content what it is.
        form = RecordingForm(data={"title": title, "transcript": ""}, files={"file": upload})
        if not form.is_valid():
            raise Refused("video and audio library", _form_messages(form))
        recording = form.save(commit=False)
        recording.uploaded_by = self.importer._author_of(attachment)
        self._written(recording.poster)
        try:
            recording.save()
        finally:
            self._written(recording.file)
        return recording

    def _warn_missing_words(self, attachment, relative, recording):
        needed = "captions" if recording.is_video else "transcript"
        self.importer.report.warn(
            f"Attachment {attachment.wp_id} ({relative}) has no {needed}: add them in the video "
            "and audio library before its post is next published."
        )

    def url_of(self, attachment):
        photo = self.photos.get(attachment.wp_id)
        return getattr(photo, PHOTO_FILE_FIELD).url if photo else attachment.attachment_url

    def _item_for_url(self, url):
        """Return the library item an old address named, or None.

        A file's own name may end like a resized copy's ("banner-300x200.png"): the name as it
        is comes first, then without the size WordPress added.
        """
        try:
            path = unquote(urlsplit(url).path)
        except ValueError:
            return None
        for candidate in dict.fromkeys((path, SIZE_SUFFIX.sub("", path))):
            for relative, item in self.by_file_name.get(PurePosixPath(candidate).name, []):
                if candidate.endswith("/" + relative):
                    return item
        return None

    def _photo_for_url(self, url):
        item = self._item_for_url(url)
        return item if isinstance(item, self.model) else None

    def _recording_for(self, url):
        item = self._item_for_url(url) if url else None
        return item if isinstance(item, Recording) else None

    def _has_recordings(self):
        return self.recordings_imported

    def _why_not(self):
        return "its file was not imported"

    def _repoint(self, html):
        def replace(match):
            url = library_file_url(self._item_for_url(unescape(match.group(3))))
            if url is None:
                return match.group(0)
            return f"{match.group(1)}{match.group(2)}{url}{match.group(2)}"

        def replace_srcset(match):
            candidates = []
            for candidate in match.group(3).split(","):
                address, _, descriptor = candidate.strip().partition(" ")
                photo = self._photo_for_url(unescape(address))
                if photo is not None:
                    address = getattr(photo, PHOTO_FILE_FIELD).url
                candidates.append(f"{address} {descriptor}".strip())
            return f"{match.group(1)}{match.group(2)}{', '.join(candidates)}{match.group(2)}"

        return SRCSET_ATTRIBUTE.sub(replace_srcset, URL_ATTRIBUTE.sub(replace, html))

    def featured_image(self, item):
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        return self.photos.get(int(thumbnail)) if thumbnail.isdigit() else None

    def count_attachment(self, attachment):
        """Attachments were imported before the posts; nothing is left to do."""

    def finish(self):
        # Readers may download a document once a published post links to it (documents.usage);
        # posts saved in bulk send no signal to record that.
        for document in self.documents:
            document.posts.set(Post.objects.filter(body__contains=document.file.name))

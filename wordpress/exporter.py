"""Write ceoblog's posts, tags, comments and media references as a WordPress export (WXR 1.2).

The file is written as it is read from the database, a post at a time, so it can be as large as
the blog. WordPress's importer and ceoblog's own can both read it back.
"""

import json
import re
from datetime import UTC
from html import escape
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils import timezone
from taggit.models import Tag

from audiovideo.models import Recording
from comments.models import Comment
from documents.models import Document
from pages.models import Page
from photos.models import Photo
from posts.models import Post
from wordpress.importer import CEOBLOG_GENERATOR, OLD_ADDRESS_TAXONOMY, OLD_ADDRESSES_META
from wordpress.media import URL_ATTRIBUTE
from wordpress.models import ImportedObject

NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
# Characters XML 1.0 cannot hold at all, even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# "rejected" has no WordPress equivalent; ceoblog's importer reads it back, WordPress holds it.
COMMENT_STATES = {"approved": "1", "pending": "0", "spam": "spam", "rejected": "rejected"}
# Attachment IDs are photo IDs plus this, so that they never meet a post's ID; documents and
# recordings have offsets of their own (pages have PAGE_ID_OFFSET).
ATTACHMENT_ID_OFFSET = 1_000_000_000
DOCUMENT_ID_OFFSET = 3_000_000_000
RECORDING_ID_OFFSET = 4_000_000_000


def cdata(text):
    """Wrap text in CDATA, splitting any "]]>" so that it cannot end the section early."""
    text = NOT_XML.sub("", str(text or ""))
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text(value):
    return escape(NOT_XML.sub("", str(value or "")), quote=False)


# What WordPress writes as the GMT date of a draft, which has no publication time yet.
NO_DATE = "0000-00-00 00:00:00"


def wp_dates(moment):
    """Return WordPress's pair of dates: local time in the site's zone, and GMT."""
    local = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
    return local, moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def post_dates(post):
    """Return a post's pair of dates; a draft, like WordPress's, has a local date only."""
    if post.published_at is None:
        return wp_dates(post.updated_at)[0], NO_DATE
    return wp_dates(post.published_at)


def write_wxr(stream, *, site_url):
    """Write the whole blog to stream; return how many of each thing were written."""
    counts = {"posts": 0, "tags": 0, "pages": 0, "comments": 0, "media references": 0}
    write = stream.write
    write('<?xml version="1.0" encoding="UTF-8"?>\n')
    names = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    write(f'<rss version="2.0" {names}>\n<channel>\n')
    write(f"<title>{text(settings.CEOBLOG_TITLE)}</title>\n<link>{text(site_url)}/</link>\n")
    write(f"<description>{text(settings.CEOBLOG_TAGLINE)}</description>\n")
    write(f"<generator>{CEOBLOG_GENERATOR}</generator>\n")
    write("<wp:wxr_version>1.2</wp:wxr_version>\n")
    write(f"<wp:base_site_url>{text(site_url)}/</wp:base_site_url>\n")
    write(f"<wp:base_blog_url>{text(site_url)}/</wp:base_blog_url>\n")
    # Everyone a post or a library file is by, so that a re-import attributes them to the same
    # people.
    authors = get_user_model().objects.filter(
        Q(posts__isnull=False)
        | Q(uploaded_photos__isnull=False)
        | Q(uploaded_documents__isnull=False)
        | Q(uploaded_recordings__isnull=False)
    )
    authors = authors.distinct().order_by("pk")
    for user in authors:
        write(
            "<wp:author>"
            f"<wp:author_id>{user.pk}</wp:author_id>"
            f"<wp:author_login>{cdata(user.get_username())}</wp:author_login>"
            f"<wp:author_email>{cdata(user.email)}</wp:author_email>"
            f"<wp:author_display_name>{cdata(user.get_full_name() or user.get_username())}"
            "</wp:author_display_name>"
            f"<wp:author_first_name>{cdata(user.first_name)}</wp:author_first_name>"
            f"<wp:author_last_name>{cdata(user.last_name)}</wp:author_last_name>"
            "</wp:author>\n"
        )
    for tag in Tag.objects.filter(tagged_posts__isnull=False).distinct().order_by("pk"):
        counts["tags"] += 1
        write(
            f"<wp:tag><wp:term_id>{tag.pk}</wp:term_id>"
            f"<wp:tag_slug>{cdata(tag.slug)}</wp:tag_slug>"
            f"<wp:tag_name>{cdata(escape(tag.name, quote=False))}</wp:tag_name></wp:tag>\n"
        )
    addresses = OldAddresses()
    for mapping in addresses.of_kinds(TAG_KINDS):
        # Read by ceoblog's importer; WordPress's skips terms of a taxonomy it does not have.
        write(
            f"<wp:term><wp:term_taxonomy>{OLD_ADDRESS_TAXONOMY}</wp:term_taxonomy>"
            f"<wp:term_slug>{cdata(mapping.tag_slug)}</wp:term_slug>"
            f"<wp:term_name>{cdata(json.dumps(mapping.entry))}</wp:term_name></wp:term>\n"
        )
    # Every library file a post may show or link to, by its name in the media folder.
    files = {photo.image.name: photo for photo in Photo.objects.select_related("uploaded_by")}
    for model in (Document, Recording):
        files.update({item.file.name: item for item in model.objects.select_related("uploaded_by")})
    written_files = set()
    comments = Comment.objects.select_related("author").order_by("created_at", "pk")
    posts = (
        Post.objects.select_related("author", "featured_photo", "featured_photo__uploaded_by")
        .prefetch_related("tags", Prefetch("comments", queryset=comments))
        .order_by("pk")
    )
    for post in posts.iterator(chunk_size=500):
        counts["posts"] += 1
        # Each file the post shows or links to is written once, as an attachment of the first
        # post using it, with the old addresses it answers for.
        for item in _files_of(post, files):
            if attachment_id(item) not in written_files:
                written_files.add(attachment_id(item))
                counts["media references"] += 1
                write(_attachment(post, item, site_url, addresses))
        comments = list(post.comments.all())
        counts["comments"] += len(comments)
        write(_item(post, site_url, comments, addresses))
    for page in Page.objects.order_by("pk"):
        counts["pages"] += 1
        write(_page(page, site_url, addresses))
    write("</channel>\n</rss>\n")
    return counts


def _files_of(post, files):
    """Return the library files a post uses: its featured photo, then those its body names."""
    found = [post.featured_photo] if post.featured_photo else []
    media_path = urlsplit(settings.MEDIA_URL).path
    for match in URL_ATTRIBUTE.finditer(post.body):
        path = unquote(urlsplit(match.group(3)).path)
        if path.startswith(media_path) and path[len(media_path) :] in files:
            found.append(files[path[len(media_path) :]])
    return found


def attachment_id(item):
    """Return the attachment ID of a photo, document or recording."""
    if isinstance(item, Document):
        return DOCUMENT_ID_OFFSET + item.pk
    if isinstance(item, Recording):
        return RECORDING_ID_OFFSET + item.pk
    return ATTACHMENT_ID_OFFSET + item.pk


def post_status(post):
    """Return the WordPress status a post's status and time make."""
    if post.status == Post.Status.DRAFT:
        return "draft"
    if post.status == Post.Status.UNPUBLISHED or post.is_expired:
        # Kept from readers but seen by editors: what WordPress calls private. WordPress has no
        # unpublish time, so an expired post must not arrive there live.
        return "private"
    return "future" if post.is_scheduled else "publish"


def _item(post, site_url, comments, addresses):
    local, gmt = post_dates(post)
    comment_status = "open" if post.comments_open else "closed"
    parts = [
        "<item>",
        f"<title>{text(escape(post.title, quote=False))}</title>",
        f"<link>{text(site_url + post.get_absolute_url())}</link>",
        f'<guid isPermaLink="false">{text(site_url)}/?p={post.pk}</guid>',
        f"<dc:creator>{cdata(post.author.get_username())}</dc:creator>",
        f"<content:encoded>{cdata(post.body)}</content:encoded>",
        f"<excerpt:encoded>{cdata(escape(post.excerpt, quote=False))}</excerpt:encoded>",
        f"<wp:post_id>{post.pk}</wp:post_id>",
        f"<wp:post_date>{local}</wp:post_date>",
        f"<wp:post_date_gmt>{gmt}</wp:post_date_gmt>",
        f"<wp:comment_status>{comment_status}</wp:comment_status>",
        "<wp:ping_status>closed</wp:ping_status>",
        f"<wp:post_name>{cdata(post.slug)}</wp:post_name>",
        f"<wp:status>{post_status(post)}</wp:status>",
        "<wp:post_parent>0</wp:post_parent>",
        "<wp:menu_order>0</wp:menu_order>",
        "<wp:post_type>post</wp:post_type>",
        "<wp:post_password></wp:post_password>",
        f"<wp:is_sticky>{int(post.is_sticky)}</wp:is_sticky>",
    ]
    for tag in sorted(post.tags.all(), key=lambda tag: tag.name):
        parts.append(
            f'<category domain="post_tag" nicename="{escape(tag.slug)}">'
            f"{cdata(escape(tag.name, quote=False))}</category>"
        )
    if post.featured_photo is not None:
        parts.append(_meta("_thumbnail_id", str(attachment_id(post.featured_photo))))
    parts.append(addresses.meta(post))
    # Top-level comments first, so that any importer meets a parent before its replies.
    comments = sorted(comments, key=lambda comment: comment.parent_id is not None)
    parts.extend(_comment(comment) for comment in comments)
    parts.append("</item>\n")
    return "".join(parts)


TAG_KINDS = [ImportedObject.Kind.TAG, ImportedObject.Kind.CATEGORY]
# Page IDs are page primary keys plus this, apart from posts and attachments.
PAGE_ID_OFFSET = 2_000_000_000


class OldAddresses:
    """The old blog's addresses ceoblog answers for each object, carried in the export.

    A WordPress blog's /?p=123, /archives/123 or /category/parent/child/ point at what ceoblog
    imported; another ceoblog importing this file keeps them answering.
    """

    def __init__(self):
        self.types = {}

    def _entries(self, model, object_id):
        content_type = self.types.setdefault(model, ContentType.objects.get_for_model(model))
        rows = ImportedObject.objects.filter(content_type=content_type, object_id=object_id)
        return [self.entry(row) for row in rows.order_by("pk")]

    @staticmethod
    def entry(row):
        return {"source": row.source, "kind": row.kind, "wp_id": row.wp_id, "path": row.old_path}

    def meta(self, obj):
        entries = self._entries(type(obj), obj.pk)
        return _meta(OLD_ADDRESSES_META, json.dumps(entries)) if entries else ""

    def of_kinds(self, kinds):
        """Yield the rows of tags made from terms, each with its tag's slug."""
        slugs = dict(Tag.objects.values_list("pk", "slug"))
        for row in ImportedObject.objects.filter(kind__in=kinds).order_by("pk").iterator():
            if row.object_id in slugs:
                row.tag_slug, row.entry = slugs[row.object_id], self.entry(row)
                yield row


def _page(page, site_url, addresses):
    status = "publish" if page.is_published else "draft"
    local, gmt = wp_dates(page.updated_at)
    return "".join(
        [
            "<item>",
            f"<title>{text(escape(page.title, quote=False))}</title>",
            f"<link>{text(site_url + page.path)}</link>",
            f"<content:encoded>{cdata(page.body)}</content:encoded>",
            f"<wp:post_id>{PAGE_ID_OFFSET + page.pk}</wp:post_id>",
            f"<wp:post_date>{local}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>",
            "<wp:comment_status>closed</wp:comment_status>",
            f"<wp:post_name>{cdata(page.path.strip('/').split('/')[-1])}</wp:post_name>",
            f"<wp:status>{status}</wp:status>",
            f"<wp:menu_order>{page.order}</wp:menu_order>",
            "<wp:post_type>page</wp:post_type>",
            addresses.meta(page),
            "</item>\n",
        ]
    )


def _meta(key, value):
    return (
        f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
    )


def _attachment(post, item, site_url, addresses):
    """Write a library file as an attachment item; its ID is kept apart from post IDs."""
    file = item.image if isinstance(item, Photo) else item.file
    local, gmt = post_dates(post)
    url = file.url if file.url.startswith("http") else site_url + file.url
    return "".join(
        [
            "<item>",
            f"<title>{text(escape(item.title, quote=False))}</title>",
            f"<dc:creator>{cdata((item.uploaded_by or post.author).get_username())}</dc:creator>",
            f"<excerpt:encoded>{cdata(getattr(item, 'caption', ''))}</excerpt:encoded>",
            f"<wp:post_id>{attachment_id(item)}</wp:post_id>",
            f"<wp:post_date>{local}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>",
            "<wp:status>inherit</wp:status>",
            f"<wp:post_parent>{post.pk}</wp:post_parent>",
            "<wp:post_type>attachment</wp:post_type>",
            f"<wp:attachment_url>{text(url)}</wp:attachment_url>",
            _meta("_wp_attached_file", file.name),
            _meta("_wp_attachment_image_alt", getattr(item, "alt_text", "")),
            addresses.meta(item),
            "</item>\n",
        ]
    )


def _comment(comment):
    local, gmt = wp_dates(comment.created_at)
    author = comment.author
    return (
        "<wp:comment>"
        f"<wp:comment_id>{comment.pk}</wp:comment_id>"
        f"<wp:comment_author>{cdata(author.get_full_name() or author.get_username())}"
        "</wp:comment_author>"
        f"<wp:comment_author_email>{cdata(author.email)}</wp:comment_author_email>"
        f"<wp:comment_date>{local}</wp:comment_date>"
        f"<wp:comment_date_gmt>{gmt}</wp:comment_date_gmt>"
        # WordPress keeps comments as HTML: the plain text is escaped to read back the same.
        f"<wp:comment_content>{cdata(escape(comment.body, quote=False))}</wp:comment_content>"
        f"<wp:comment_approved>{COMMENT_STATES.get(comment.status, '0')}</wp:comment_approved>"
        "<wp:comment_type>comment</wp:comment_type>"
        f"<wp:comment_parent>{comment.parent_id or 0}</wp:comment_parent>"
        f"<wp:comment_user_id>{author.pk}</wp:comment_user_id>"
        "</wp:comment>"
    )

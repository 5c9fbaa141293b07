"""Pages: the old blog's About, Contact and the like become pages of the `pages` app.

A page keeps its old address when the site has nothing else there (/about/, /about/team/);
otherwise it gets a free one and its old address redirects to it. ceoblog's pages take no
comments: each page's comments are named in the report.
"""

import hashlib
import json
from urllib.parse import unquote

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from pages.models import Page
from wordpress.models import ImportedObject
from wordpress.text import plain_text

PATH_LENGTH = Page._meta.get_field("path").max_length
TITLE_LENGTH = Page._meta.get_field("title").max_length
OLD_PATH_LENGTH = ImportedObject._meta.get_field("old_path").max_length
SKIPPED_STATUSES = {
    "trash": "pages in WordPress's trash",
    "auto-draft": "empty drafts WordPress saved by itself",
    "inherit": "revisions",
}
# Parent loops in a broken export end here.
DEPTH = 20


def page_digest(item):
    """Return a digest of everything a page is made from, to tell later whether it changed."""
    data = [
        item.title,
        item.content,
        item.status,
        item.slug,
        item.parent_id,
        item.menu_order,
        item.password,
        item.link,
    ]
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


class PageImport:
    """Import the export's pages, one at a time (a blog has a handful)."""

    def __init__(self, importer):
        self.importer = importer
        self.report = importer.report
        self.content_type = ContentType.objects.get_for_model(Page)

    def import_page(self, item):
        report = self.report
        describe = self.importer._describe(item)
        reason = SKIPPED_STATUSES.get(item.status)
        if reason:
            report.skip(describe, reason)
            return
        self._report_comments(item)
        digest = page_digest(item)
        mapping = ImportedObject.objects.filter(
            source=self.importer.source, kind=ImportedObject.Kind.PAGE, wp_id=item.wp_id
        ).first()
        page = Page.objects.filter(pk=mapping.object_id).first() if mapping else None
        if page is not None and mapping.content_hash == digest:
            report.count("pages", "unchanged")
            return
        is_new = page is None
        page = page or Page()
        page.title = self.importer._title(item)[:TITLE_LENGTH]
        page.body = self.importer._body(item)
        page.order = item.menu_order
        page.is_published = item.status == "publish" and not item.password
        if item.password:
            report.warn(
                f"Page {item.wp_id} “{page.title}” was password-protected: imported unpublished."
            )
        elif item.status not in {"publish", "draft", "pending"}:
            report.warn(
                f"Page {item.wp_id} “{page.title}” was {item.status}: imported unpublished."
            )
        old = self.importer._old_path(item)
        if len(old) > OLD_PATH_LENGTH:
            old = ""
        if is_new:
            page.path = self._free_path(item, old)
        try:
            page.full_clean()
        except ValidationError as error:
            report.skip(describe, f"pages ceoblog cannot hold ({'; '.join(error.messages)})")
            return
        page.save()
        state = "published" if page.is_published else "unpublished"
        report.count("pages", f"new {state}" if is_new else "updated")
        if mapping is None:
            mapping = ImportedObject(
                source=self.importer.source,
                kind=ImportedObject.Kind.PAGE,
                wp_id=item.wp_id,
                content_type=self.content_type,
            )
        mapping.object_id, mapping.content_hash, mapping.old_path = page.pk, digest, old
        mapping.save()
        self.importer.restore_addresses(item, page)

    def _report_comments(self, item):
        if not item.comments:
            return
        numbers = ", ".join(str(comment.wp_id) for comment in item.comments)
        title = plain_text(item.title)
        self.report.warn(
            f"Page {item.wp_id} “{title}”: its {len(item.comments)} comment(s) were not imported "
            f"(ceoblog's pages take no comments): {numbers}."
        )
        for comment in item.comments:
            self.report.skip(
                f"comment {comment.wp_id} on page {item.wp_id}",
                "comments on pages (ceoblog's pages take no comments)",
            )

    def _free_path(self, item, old):
        """Return the page's old address if the site has nothing there, else a free one."""
        wanted = [old] if old else []
        wanted.append(self._path_from_slugs(item))
        for path in wanted:
            if self._is_free(path):
                return path
        base = wanted[-1].rstrip("/")[: PATH_LENGTH - 10]
        number = 2
        while not self._is_free(f"{base}-{number}/"):
            number += 1
        path = f"{base}-{number}/"
        self.report.warn(
            f"Page {item.wp_id} “{plain_text(item.title)}”: another part of the site answers at "
            f"{wanted[-1]}; the page is at {path}"
            + (f" and {old} redirects to it." if old else ".")
        )
        return path

    def _path_from_slugs(self, item):
        """Return /parent/child/ from the page's slug and its parents' (WordPress's own rule)."""
        pages = self.importer.scan.pages
        slugs, seen, current = [], set(), item
        while current is not None and current.wp_id not in seen and len(slugs) < DEPTH:
            seen.add(current.wp_id)
            slug = unquote(current.slug) or plain_text(current.title)
            slug = slugify(slug, allow_unicode=True)
            slugs.insert(0, slug or f"page-{current.wp_id}")
            current = pages.get(current.parent_id)
        return "/" + "/".join(slugs)[: PATH_LENGTH - 2] + "/"

    def _is_free(self, path):
        if len(path) > PATH_LENGTH or Page.objects.filter(path=path).exists():
            return False
        try:
            Page._meta.get_field("path").run_validators(path)
        except ValidationError:
            return False
        return True

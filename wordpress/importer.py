"""Import a WordPress export into ceoblog, in one transaction, reporting everything it did.

The file is read twice, each time as a stream: the first pass checks that the whole file is a
readable export (so a truncated file fails before anything is written) and keeps the little that
posts refer to across the file (authors, term IDs, attachments); the second pass imports posts in
batches, with their comments. Media are imported when a copy of the uploads folder is given.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC
from html import unescape
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from taggit.models import Tag

from pagecache.version import bump_content_version, content_version_bumps_deferred
from posts.counts import counts_deferred, recount_all
from posts.models import Post, TaggedPost
from posts.sanitize import sanitize_html
from wordpress import media
from wordpress.autop import autop, is_block_editor_content
from wordpress.blocks import render_footnotes
from wordpress.comments import CommentImport
from wordpress.models import ImportedObject, ImportedPerson
from wordpress.pages import PageImport
from wordpress.people import People
from wordpress.report import ImportReport, ProgressBar
from wordpress.shortcodes import render_shortcodes
from wordpress.text import USERNAME_UNSAFE, WHITESPACE, plain_text
from wordpress.wxr import Author, Channel, Item, Term, read_wxr

BATCH_SIZE = 200
# What the report counts of something a second import leaves exactly as it was.
UNCHANGED_STATES = {"unchanged", "imported before"}
TITLE_LENGTH = Post._meta.get_field("title").max_length
SLUG_LENGTH = Post._meta.get_field("slug").max_length
TAG_LENGTH = Tag._meta.get_field("name").max_length
SOURCE_LENGTH = ImportedObject._meta.get_field("source").max_length
OLD_PATH_LENGTH = ImportedObject._meta.get_field("old_path").max_length

# How each WordPress status becomes a ceoblog one: published (shown from its publication time
# on), a draft (never yet shown), or unpublished (was out, now kept from readers; publishing it
# again keeps its date, where publishing a draft dates it today).
STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,  # published, with its publication time in the future
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,  # awaiting review: an editor publishes it
    "private": Post.Status.UNPUBLISHED,  # only logged-in editors saw it; they still can
}
SKIPPED_STATUSES = {
    "trash": "posts in WordPress's trash",
    "auto-draft": "empty drafts WordPress saved by itself",
    "inherit": "revisions",
}
SKIPPED_TYPES = {
    "nav_menu_item": "menu items (ceoblog's menu is built in)",
    "revision": "revisions",
}
TAG_TAXONOMIES = {"post_tag": ImportedObject.Kind.TAG, "category": ImportedObject.Kind.CATEGORY}
# WXR 1.0 wrote a post's tags as <category domain="tag">.
TAXONOMY_ALIASES = {"tag": "post_tag"}
TAXONOMY_NAMES = {"post_tag": "tag", "category": "category"}
# A new WordPress site files every post under "Uncategorized"; as a tag it would mean nothing.
# Only the name tells: a site that renamed it (keeping its slug) made it a real category.
UNCATEGORIZED = "uncategorized"
# Deeper than any real blog's categories; stops a parent loop in a broken export.
CATEGORY_DEPTH = 20
# Exports written by ceoblog hold finished HTML, which must not be formatted a second time.
CEOBLOG_GENERATOR = "ceoblog"
# The markup WordPress shows in a title (<em>, <b>...): dropped, its text kept. Anything else that
# looks like a tag ("<html>") is the title's own text.
TITLE_MARKUP = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|big|br|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span"
    r"|strike|strong|sub|sup|time|tt|u|var|wbr)\b[^<>]*>",
    re.IGNORECASE,
)
# <!--more--> or <!--more Read on-->: what comes before it is the post's teaser.
MORE_TAG = re.compile(r"<!--more(?:\s[^>]*)?-->")
# How a ceoblog export carries the old blog's addresses it answers for each object: a meta field
# of posts, pages and attachments, and terms of a taxonomy WordPress does not have for tags.
OLD_ADDRESSES_META = "_ceoblog_old_addresses"
OLD_ADDRESS_TAXONOMY = "ceoblog_old_address"


@dataclass
class Scan:
    """What the first pass learns: the few things items refer to across the file."""

    channel: Channel
    authors: list[Author] = field(default_factory=list)
    # (taxonomy, slug) -> the category or tag declared at the top of the export.
    terms: dict[tuple[str, str], Term] = field(default_factory=dict)
    # (taxonomy, lower-case name) -> slug, for the WXR 1.0 terms items name without a slug.
    slugs_by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    # Lower-case name -> the slug of the term that keeps the name when several terms share it.
    name_owners: dict[str, str] = field(default_factory=dict)
    attachments: dict[int, Item] = field(default_factory=dict)
    # Pages by ID, without their text: a page's address is made from its parents' slugs.
    pages: dict[int, Item] = field(default_factory=dict)
    # (tag slug, the old address's description) for each term of OLD_ADDRESS_TAXONOMY.
    carried_terms: list[tuple[str, str]] = field(default_factory=list)
    items: int = 0
    comments: int = 0

    def name_term(self, name, slug):
        """Note a term's name: of several terms named alike, which one keeps the name."""
        # The one whose slug is made from its name ("foo" for "Foo"), else the first met.
        natural = slugify(name, allow_unicode=True)
        if name not in self.name_owners or (slug == natural and self.name_owners[name] != natural):
            self.name_owners[name] = slug


def scan_export(path, *, strict=False, on_repair=None):
    """Read the whole export once, checking it, and return what later records refer to."""
    scan = None
    for record in read_wxr(path, strict=strict, on_repair=on_repair):
        if isinstance(record, Channel):
            scan = Scan(channel=record)
        elif isinstance(record, Author):
            scan.authors.append(record)
        elif isinstance(record, Term):
            if record.taxonomy == OLD_ADDRESS_TAXONOMY:
                scan.carried_terms.append((record.slug, record.name))
            slug = unquote(record.slug).strip()
            if record.taxonomy in TAG_TAXONOMIES and slug:
                scan.terms.setdefault((record.taxonomy, slug), record)
                name = plain_text(record.name).lower()
                scan.slugs_by_name.setdefault((record.taxonomy, name), slug)
                scan.name_term(name, slug)
        elif isinstance(record, Item):
            scan.items += 1
            for term in record.terms:
                if (
                    term.slug
                    and TAXONOMY_ALIASES.get(term.taxonomy, term.taxonomy) in TAG_TAXONOMIES
                ):
                    scan.name_term(plain_text(term.name).lower(), unquote(term.slug).strip())
            if record.post_type == "post":
                scan.comments += len(record.comments)
            if record.post_type == "page":
                scan.pages[record.wp_id] = Item(
                    wp_id=record.wp_id,
                    title=record.title,
                    slug=record.slug,
                    parent_id=record.parent_id,
                )
            if record.post_type == "attachment":
                # Only what media and galleries use; attachments carry no body.
                record.comments = []
                scan.attachments[record.wp_id] = record
    return scan


def site_source(channel):
    """Name the WordPress site by its address without the scheme, so http and https agree."""
    address = channel.base_blog_url or channel.link
    parts = urlsplit(address)
    return (parts.netloc.lower() + parts.path.rstrip("/")) or "unknown"


def old_path(link, base_path):
    """Return the path of an old address relative to the blog, or "" when it has none."""
    path = unquote(urlsplit(link).path)
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path) :]
    return "" if path in {"", "/"} else path


def title_text(html):
    """Turn a WordPress title into plain text, keeping what only looks like a tag."""
    return WHITESPACE.sub(" ", unescape(TITLE_MARKUP.sub("", html or ""))).strip()


def item_time(item):
    """Return when the item was published, as an aware datetime."""
    if item.date_gmt:
        return item.date_gmt.replace(tzinfo=UTC)
    if item.date:
        # Drafts have no GMT date: their local date is in the site's time zone.
        return timezone.make_aware(item.date)
    return None


def item_digest(item):
    """Return a digest of everything a post is made from, to tell later whether it changed."""
    data = [
        item.title,
        item.content,
        item.excerpt,
        item.status,
        str(item.date),
        str(item.date_gmt),
        item.slug,
        item.password,
        item.is_sticky,
        item.comment_status,
        item.creator,
        item.link,
        sorted((term.taxonomy, term.slug, term.name) for term in item.terms),
        item.meta.get("_thumbnail_id", ""),
    ]
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


def has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


class WordPressImport:
    """Import one export file; run() returns the report."""

    def __init__(self, path, *, media_dir=None, progress_stream=None, strict=False):
        self.path = path
        self.strict = strict
        self.media_dir = media_dir
        self.progress_stream = progress_stream
        self.report = ImportReport()
        self.users = {}
        # (taxonomy, slug) -> the tag a WordPress category or tag became in this run, and how.
        self.tags = {}
        self.term_states = {}
        self.terms_seen = {}
        # (day, slug) -> post ID for the batch being imported, and the slugs looked up for it.
        self.slugs_taken = {}
        self.slugs_checked = set()
        self.pending = []
        self.post_ids = set()

    def run(self, *, dry_run=False):
        # The first pass reports each repair; the second meets the same ones again.
        scan = scan_export(self.path, strict=self.strict, on_repair=self.report.repair)
        self.scan = scan
        self.source = site_source(scan.channel)
        self.base_path = urlsplit(scan.channel.base_blog_url or scan.channel.link).path.rstrip("/")
        self.finished_html = scan.channel.generator.startswith(CEOBLOG_GENERATOR)
        report = self.report
        report.source, report.title = self.source, scan.channel.title
        report.wxr_version, report.dry_run = scan.channel.wxr_version, dry_run
        self.progress = ProgressBar(scan.items, stream=self.progress_stream)
        self.post_type = ContentType.objects.get_for_model(Post)
        self.tag_type = ContentType.objects.get_for_model(Tag)
        self.people = People(self.source)
        with media.files_kept_if_saved(self), transaction.atomic():
            # Each saved post would renew the page cache's version and recount its month, tags and
            # author; once, at the end, is enough.
            with content_version_bumps_deferred(), counts_deferred():
                self._import_authors(scan.authors)
                self.comments = CommentImport(self)
                self.pages = PageImport(self)
                self.media = media.for_import(self, scan.attachments)
                for record in read_wxr(self.path, strict=self.strict):
                    if isinstance(record, Item):
                        self._import_item(record)
                self._flush_posts()
                self.media.finish()
                self._report_terms()
                self._restore_tag_addresses()
                # Comments and tag links were saved in bulk, which sends no signals.
                bump_content_version()
                recount_all()
            if dry_run:
                transaction.set_rollback(True)
        if report.counts and all(state in UNCHANGED_STATES for _, state in report.counts):
            report.notes.append("Nothing changed: everything in the export was imported before.")
        self.progress.finish()
        return report

    # --- Authors -----------------------------------------------------------------------------

    def _import_authors(self, authors):
        logins = {author.login for author in authors if author.login}
        self.users.update(self.people.find(ImportedPerson.Kind.AUTHOR, logins))
        if self.users:
            self.report.count("authors", "imported before", len(self.users))
        for author in authors:
            if author.login and author.login not in self.users:
                self.users[author.login] = self._user_for(author)

    def _user_for(self, author):
        """Match a WordPress author met for the first time to a user, or create one."""
        User = get_user_model()
        user = User.objects.filter(username=author.login).first()
        how = "by login"
        if user is None and author.email:
            user = User.objects.filter(email__iexact=author.email).first()
            how = "by email"
        if user is not None:
            self.report.count("authors", f"matched {how}")
        else:
            user = self._create_user(author)
        self.people.remember(ImportedPerson.Kind.AUTHOR, [(author.login, user)])
        return user

    def _create_user(self, author):
        User = get_user_model()
        base = USERNAME_UNSAFE.sub("-", author.login)[:140] or "wordpress-author"
        username, number = base, 2
        while User.objects.filter(username=username).exists():
            username, number = f"{base}-{number}", number + 1
        first, last = author.first_name, author.last_name
        if not (first or last) and author.display_name:
            first, _, last = author.display_name.partition(" ")
        user = User(
            username=username,
            email=author.email,
            first_name=first[:150],
            last_name=last[:150],
            is_active=False,
        )
        user.set_unusable_password()
        try:
            user.full_clean()
        except ValidationError:
            # WordPress keeps whatever was typed as an address; the account can do without one.
            user.email = ""
            user.full_clean()
        user.save()
        self.report.count("authors", "created inactive")
        self.report.warn(
            f"Author {author.login!r} matched no user: created {username!r}, inactive, with no "
            "password. Activate the account in the admin if this person still writes."
        )
        return user

    def _author_of(self, item):
        login = item.creator
        if login in self.users:
            return self.users[login]
        # An export can name a creator missing from its author list (or mistyped, as in
        # WordPress's own theme test data): the author whose login it is once cleaned up,
        # else the user this creator became in an earlier import, else a new user.
        cleaned = USERNAME_UNSAFE.sub("", login)
        if cleaned in self.users:
            user = self.users[cleaned]
        else:
            login = login or "wordpress-author"
            known = self.people.find(ImportedPerson.Kind.AUTHOR, [login])
            user = known.get(login) or self._user_for(Author(login=login))
        self.report.warn(
            f"Post {item.wp_id}: its author {item.creator!r} is not in the export's author list; "
            f"attributed to {user.get_username()!r}."
        )
        self.users[item.creator] = user
        return user

    # --- Tags ----------------------------------------------------------------------------------

    def _item_terms(self, item):
        """Return an item's categories and tags as (taxonomy, slug, name), each once."""
        terms = {}
        slugless = []
        for term in item.terms:
            taxonomy = TAXONOMY_ALIASES.get(term.taxonomy, term.taxonomy)
            if taxonomy not in TAG_TAXONOMIES:
                continue
            slug, name = unquote(term.slug).strip(), plain_text(term.name)
            if slug:
                terms.setdefault((taxonomy, slug), name)
            elif name:
                slugless.append((taxonomy, name))
        # WXR 1.0 writes each term twice, once with its slug (nicename) and once without.
        named = {(taxonomy, name.lower()) for (taxonomy, _), name in terms.items()}
        for taxonomy, name in slugless:
            if (taxonomy, name.lower()) in named:
                continue
            slug = self.scan.slugs_by_name.get((taxonomy, name.lower()))
            slug = slug or slugify(name, allow_unicode=True)[:90] or "tag"
            terms.setdefault((taxonomy, slug), name)
        for key, name in terms.items():
            self.terms_seen.setdefault(key, name)
        return [(taxonomy, slug, name) for (taxonomy, slug), name in terms.items()]

    def _tag_for(self, taxonomy, slug, name):
        """Return the tag a WordPress tag or category becomes, or None if it becomes none."""
        if (taxonomy, slug) in self.tags:
            return self.tags[(taxonomy, slug)]
        kind = TAG_TAXONOMIES[taxonomy]
        name = name[:TAG_LENGTH] or slug
        if kind == ImportedObject.Kind.CATEGORY and name.lower() == UNCATEGORIZED:
            self.tags[(taxonomy, slug)] = None
            self.term_states[(taxonomy, slug)] = "dropped: WordPress's default category"
            return None
        tag, state = self._find_tag(taxonomy, slug, name)
        self.tags[(taxonomy, slug)] = tag
        self.term_states[(taxonomy, slug)] = f"{state} → {tag_line(tag)}"
        self._remember_term(taxonomy, slug, tag)
        return tag

    def _find_tag(self, taxonomy, slug, name):
        """Return the tag for a term met for the first time in this run, and how it was found."""
        earlier = self._term_mapping(taxonomy, slug)
        if earlier is not None:
            self.report.count("tags", "imported before")
            return earlier, "imported before"
        # A tag and a category with the same slug and name are one subject: one tag.
        other = "category" if taxonomy == "post_tag" else "post_tag"
        twin = self.tags.get((other, slug))
        if twin is not None and self.terms_seen[(other, slug)].lower() == name.lower():
            return twin, f"the same tag as the {TAXONOMY_NAMES[other]} of that name"
        tag = Tag.objects.filter(slug=slug).first()
        if tag is not None and tag.name.lower() == name.lower():
            self.report.count("tags", "matched by slug and name")
            return tag, "matched the tag already in ceoblog"
        # Keeping WordPress's slug keeps the old /tag/<slug>/ addresses working as they are.
        wanted = slug if _is_slug(slug) else slugify(name, allow_unicode=True) or "tag"
        wanted = wanted[:90]
        unique, number = wanted, 2
        while Tag.objects.filter(slug=unique).exists():
            unique, number = f"{wanted}-{number}", number + 1
        # Tag names are unique in any case: a term named like another with its own slug stays
        # a tag of its own, told apart by its slug.
        unique_name, number = name, 2
        owner = self.scan.name_owners.get(name.lower(), slug)
        if owner != slug:
            unique_name, number = f"{name[: TAG_LENGTH - len(slug) - 3]} ({slug})", 3
        while Tag.objects.filter(name__iexact=unique_name).exists():
            suffix = f" ({slug})" if number == 2 else f" ({slug} {number})"
            unique_name, number = name[: TAG_LENGTH - len(suffix)] + suffix, number + 1
        tag = Tag(name=unique_name, slug=unique)
        tag.full_clean()
        tag.save()
        self.report.count("tags", "new")
        notes = []
        if unique_name != name:
            notes.append("renamed: another tag has its name")
        if unique != slug:
            notes.append(f"its slug {slug!r} was taken")
        return tag, "new" + (f" ({'; '.join(notes)})" if notes else "")

    def _term_paths(self, taxonomy, slug):
        """Return the term's old addresses, its own first: /category/parent/child/ and the like."""
        if taxonomy == "post_tag":
            return [f"/tag/{slug}/"] if len(slug) + 6 <= OLD_PATH_LENGTH else []
        chain, seen = [slug], {slug}
        term = self.scan.terms.get((taxonomy, slug))
        while term is not None and term.parent_slug and len(chain) < CATEGORY_DEPTH:
            parent = unquote(term.parent_slug).strip()
            if parent in seen:
                break
            chain.insert(0, parent)
            seen.add(parent)
            term = self.scan.terms.get((taxonomy, parent))
        paths = [f"/category/{'/'.join(chain)}/"]
        if len(chain) > 1:
            # WordPress answers a child category's own slug too.
            paths.append(f"/category/{slug}/")
        return [path for path in paths if len(path) <= OLD_PATH_LENGTH]

    def _term_mapping(self, taxonomy, slug):
        """Return the tag an earlier import made of this term, if it is still there."""
        mapping = (
            ImportedObject.objects.filter(
                source=self.source,
                kind=TAG_TAXONOMIES[taxonomy],
                old_path__in=self._term_paths(taxonomy, slug),
            )
            .order_by("-updated_at")
            .first()
        )
        if mapping is None:
            return None
        return Tag.objects.filter(pk=mapping.object_id).first()

    def _remember_term(self, taxonomy, slug, tag):
        term = self.scan.terms.get((taxonomy, slug))
        for number, path in enumerate(self._term_paths(taxonomy, slug)):
            ImportedObject.objects.update_or_create(
                source=self.source,
                kind=TAG_TAXONOMIES[taxonomy],
                old_path=path,
                defaults={
                    # The ID goes with the term's own address only: it is unique.
                    "wp_id": term.term_id if term is not None and number == 0 else None,
                    "content_type": self.tag_type,
                    "object_id": tag.pk,
                },
            )

    def _report_terms(self):
        """List every category and tag of the export and what became of it."""
        keys = [*self.scan.terms, *(key for key in self.terms_seen if key not in self.scan.terms)]
        for taxonomy in ("category", "post_tag"):
            for key in keys:
                if key[0] != taxonomy:
                    continue
                term = self.scan.terms.get(key)
                name = plain_text(term.name) if term is not None else self.terms_seen[key]
                self.report.terms.append(
                    f"{TAXONOMY_NAMES[taxonomy]} “{name}” ({key[1]}): {self._term_state(key, name)}"
                )

    def _term_state(self, key, name):
        if key in self.term_states:
            return self.term_states[key]
        if key not in self.terms_seen:
            return "not kept: no imported post has it"
        if key[0] == "category" and name.lower() == UNCATEGORIZED:
            return "dropped: WordPress's default category"
        # Only on posts left as they were: its tag was made by an earlier import.
        tag = self._term_mapping(*key)
        return f"imported before → {tag_line(tag)}" if tag else "not kept (its tag was deleted)"

    # --- Posts ---------------------------------------------------------------------------------

    def _import_item(self, item):
        self.progress.advance()
        if item.post_type == "post":
            reason = SKIPPED_STATUSES.get(item.status)
            if reason is None and item.status not in STATUSES:
                reason = f"posts with the unknown status {item.status!r}"
            if reason is None and item.wp_id <= 0:
                reason = "posts with no WordPress id (wp:post_id)"
            elif reason is None and item.wp_id in self.post_ids:
                reason = "posts whose id an earlier item already has"
            if reason:
                self.report.skip(self._describe(item), reason)
                return
            self.post_ids.add(item.wp_id)
            self.pending.append(item)
            if len(self.pending) >= BATCH_SIZE:
                self._flush_posts()
        elif item.post_type == "attachment":
            self.media.count_attachment(item)
        elif item.post_type == "page":
            self.pages.import_page(item)
        else:
            reason = SKIPPED_TYPES.get(item.post_type, f"items of type {item.post_type!r}")
            self.report.skip(self._describe(item), reason)

    # --- Addresses carried by a ceoblog export ------------------------------------------------

    def restore_addresses(self, item, target):
        """Keep answering the old addresses another ceoblog answered for an item of its export."""
        self._restore(item.meta.get(OLD_ADDRESSES_META), target)

    def _restore(self, carried, target):
        if not self.finished_html or not carried:
            return
        try:
            entries = json.loads(carried)
        except ValueError:
            self.report.warn(f"{target}: its old addresses could not be read; not kept.")
            return
        content_type = ContentType.objects.get_for_model(target)
        for entry in entries if isinstance(entries, list) else []:
            row = _address_row(entry)
            if row is None:
                self.report.warn(f"{target}: an old address could not be read; not kept.")
                continue
            source, kind, wp_id, path = row
            lookup = {"wp_id": wp_id} if wp_id is not None else {"old_path": path, "wp_id": None}
            mapping = ImportedObject.objects.filter(source=source, kind=kind, **lookup).first()
            if mapping is None:
                mapping = ImportedObject(source=source, kind=kind, wp_id=wp_id)
            elif (mapping.content_type_id, mapping.object_id) != (
                content_type.pk,
                target.pk,
            ) and mapping.content_object is not None:
                self.report.warn(
                    f"{target}: its old address {path or wp_id} already leads elsewhere; "
                    "left as it is."
                )
                continue
            unchanged = (mapping.object_id, mapping.old_path) == (target.pk, path)
            if mapping.pk is not None and unchanged:
                continue
            mapping.content_type, mapping.object_id = content_type, target.pk
            mapping.old_path = path
            mapping.save()
            self.report.count("old addresses", "carried over")

    def _restore_tag_addresses(self):
        tags = {}
        for slug, carried in self.scan.carried_terms:
            slug = unquote(slug).strip()
            if slug not in tags:
                tag = self.tags.get(("post_tag", slug)) or Tag.objects.filter(slug=slug).first()
                tags[slug] = tag
            if tags[slug] is not None:
                self._restore(f"[{carried}]", tags[slug])

    def _old_path(self, item):
        return old_path(item.link, self.base_path)

    def _describe(self, item):
        title = title_text(item.title)
        return f"{item.post_type} {item.wp_id}" + (f" “{title}”" if title else "")

    def _flush_posts(self):
        batch, self.pending = self.pending, []
        if not batch:
            return
        mappings = {
            mapping.wp_id: mapping
            for mapping in ImportedObject.objects.filter(
                source=self.source,
                kind=ImportedObject.Kind.POST,
                wp_id__in=[item.wp_id for item in batch],
            )
        }
        existing = Post.objects.in_bulk([mapping.object_id for mapping in mappings.values()])
        self._prefetch_slugs(batch)
        links, created, retagged, imported = [], [], [], []
        for item in batch:
            digest = item_digest(item)
            mapping = mappings.get(item.wp_id)
            post = existing.get(mapping.object_id) if mapping else None
            if post is not None and mapping.content_hash == digest:
                self.report.count("posts", "unchanged")
                self._item_terms(item)
                imported.append((item, post))
                continue
            post, tags = self._save_post(item, post)
            if post is None:
                continue
            imported.append((item, post))
            links.extend(TaggedPost(content_object=post, tag=tag) for tag in tags)
            path = old_path(item.link, self.base_path)
            if post.pk is None:
                created.append((item, post, mapping, digest, path))
            else:
                retagged.append((post, mapping, digest, path))
        # New posts are saved together; Post.save()'s work was done by _save_post.
        Post.objects.bulk_create([post for _, post, *_ in created], batch_size=BATCH_SIZE)
        new_mappings = []
        for item, post, mapping, digest, path in created:
            if mapping is None:
                mapping = ImportedObject(
                    source=self.source,
                    kind=ImportedObject.Kind.POST,
                    wp_id=item.wp_id,
                    content_type=self.post_type,
                )
                new_mappings.append(mapping)
            else:
                # The post had been deleted in ceoblog: the import brings it back.
                retagged.append((post, mapping, digest, path))
            mapping.object_id, mapping.content_hash, mapping.old_path = post.pk, digest, path
        for post, mapping, digest, path in retagged:
            mapping.object_id, mapping.content_hash, mapping.old_path = post.pk, digest, path
            mapping.save(update_fields=["object_id", "content_hash", "old_path", "updated_at"])
        TaggedPost.objects.filter(content_object__in=[post for post, *_ in retagged]).delete()
        TaggedPost.objects.bulk_create(links)
        ImportedObject.objects.bulk_create(new_mappings)
        for item, post in imported:
            self.restore_addresses(item, post)
        self.comments.import_comments(imported)

    def _save_post(self, item, post):
        """Create or update the post for an item; return it with its tags."""
        report = self.report
        is_new = post is None
        post = post or Post()
        old_day = post.published_on if not is_new else None
        post.title = self._title(item)
        post.author = self._author_of(item)
        post.body = self._body(item)
        post.excerpt = plain_text(item.excerpt) or self._teaser(item)
        post.is_sticky = item.is_sticky
        post.status = STATUSES[item.status]
        published_at = item_time(item)
        if post.status == Post.Status.DRAFT:
            # A draft is dated when it is published, as in the admin: its start date is not kept.
            published_at = None
        elif published_at is None:
            published_at = timezone.now()
            report.warn(f"Post {item.wp_id}: no date in the export; dated now.")
        post.published_at = published_at
        if item.password and post.status == Post.Status.PUBLISHED:
            post.status = Post.Status.UNPUBLISHED
            report.warn(
                f"Post {item.wp_id} “{post.title}” was password-protected: imported as "
                "unpublished. Publish it yourself if every reader of the blog may see it."
            )
        if item.status == "private":
            report.warn(f"Post {item.wp_id} “{post.title}” was private: imported as unpublished.")
        post.comments_open = item.comment_status != "closed"
        featured = self.media.featured_image(item)
        if featured is not None:
            setattr(post, media.POST_FEATURED_FIELD, featured)
        post.published_on = post.local_published_on()
        wanted_slug = self._slug(item, post.title)
        if is_new or post.slug != wanted_slug or post.published_on != old_day:
            post.slug = self._free_slug(wanted_slug, post)
        # The one-slug-per-day rule is applied by _free_slug (adding a suffix, not refusing);
        # the database constraint backs it. Checking it again here would cost a query a post,
        # as would checking that the author (a user just fetched or created) exists.
        empty = not post.body.strip()
        if empty:
            # WordPress allows a post with no text, and so do readers' pages; only the admin's
            # form insists on one. Keep the post as it was rather than invent words for it.
            report.warn(f"Post {item.wp_id} “{post.title}” has no text.")
        try:
            post.clean_fields(exclude=["author", *(["body"] if empty else [])])
        except ValidationError as error:
            report.skip(
                self._describe(item), f"posts ceoblog cannot hold ({'; '.join(error.messages)})"
            )
            return None, []
        if is_new:
            # Saved in bulk by _flush_posts, which skips Post.save(): sanitise here as it would.
            post.body = sanitize_html(post.body)
        else:
            post.save()
        self.slugs_taken[(post.published_on, post.slug)] = post
        if is_new:
            state = "scheduled" if post.is_scheduled else post.status
            report.count("posts", f"new {state}")
        else:
            report.count("posts", "updated")
        tags = [self._tag_for(*term) for term in self._item_terms(item)]
        return post, list({tag.pk: tag for tag in tags if tag is not None}.values())

    def _teaser(self, item):
        """Return the text before <!--more-->, which WordPress shows in lists, or ""."""
        match = MORE_TAG.search(item.content)
        if match is None:
            return ""
        return plain_text(item.content[: match.start()])

    def _title(self, item):
        title = title_text(item.title)
        if not title:
            words = Truncator(plain_text(item.content)).words(8, truncate="…")
            title = words or f"Untitled (WordPress post {item.wp_id})"
            self.report.warn(f"Post {item.wp_id} has no title: titled “{title}” from its text.")
        if len(title) > TITLE_LENGTH:
            self.report.warn(f"Post {item.wp_id}: its title was shortened to {TITLE_LENGTH}.")
            title = Truncator(title).chars(TITLE_LENGTH)
        return title

    def _slug(self, item, title):
        slug = unquote(item.slug).strip()
        if slug and not _is_slug(slug):
            slug = slugify(slug, allow_unicode=True)
        if not slug:
            slug = slugify(title, allow_unicode=True) or f"post-{item.wp_id}"
        return slug[:SLUG_LENGTH].strip("-") or f"post-{item.wp_id}"

    def _prefetch_slugs(self, batch):
        """Look up, in one query, which of the batch's likely slugs are taken on which days."""
        self.slugs_checked = {self._slug(item, title_text(item.title)) for item in batch}
        taken = Post.objects.filter(slug__in=self.slugs_checked)
        self.slugs_taken = {
            (day, slug): pk for day, slug, pk in taken.values_list("published_on", "slug", "pk")
        }

    def _slug_taken(self, slug, post):
        owner = self.slugs_taken.get((post.published_on, slug))
        if isinstance(owner, Post):
            return owner is not post
        if owner is not None:
            return owner != post.pk
        if slug in self.slugs_checked:
            return False
        others = Post.objects.filter(published_on=post.published_on, slug=slug)
        return others.exclude(pk=post.pk).exists()

    def _free_slug(self, slug, post):
        """Return slug, or slug-2, -3... if another post of the same day already has it."""
        candidate, number = slug, 2
        if post.published_on is None:
            # A draft takes no day's slug until it is published.
            return candidate
        while self._slug_taken(candidate, post):
            suffix = f"-{number}"
            candidate, number = slug[: SLUG_LENGTH - len(suffix)] + suffix, number + 1
        return candidate

    def _body(self, item):
        if self.finished_html:
            # Still pointed at the copied photos: the library may give them new file names.
            return self.media.rewrite(item.content, item.wp_id)
        rendered = render_shortcodes(
            item.content,
            find_image=self.media.image,
            post_images=lambda: self.media.images_of(item.wp_id),
        )
        for name in rendered.unhandled:
            self.report.warn(
                f"Post {item.wp_id}: shortcode [{name}] left as text; edit it by hand."
            )
        for note in rendered.notes:
            self.report.warn(f"Post {item.wp_id}: {note}.")
        html = rendered.html
        # The block editor stores finished HTML; WordPress formats only classic-editor text.
        if not is_block_editor_content(item.content):
            html = autop(html)
        else:
            html, note = render_footnotes(html, item.meta.get("footnotes"))
            if note:
                self.report.warn(f"Post {item.wp_id}: {note}.")
        return self.media.rewrite(html, item.wp_id)


def _address_row(entry):
    """Return (source, kind, wp_id, path) from a carried address, or None if it is unfit."""
    if not isinstance(entry, dict):
        return None
    source, kind, wp_id, path = (entry.get(key) for key in ("source", "kind", "wp_id", "path"))
    fits = (
        isinstance(source, str)
        and 0 < len(source) <= SOURCE_LENGTH
        and kind in ImportedObject.Kind.values
        and isinstance(path, str)
        and len(path) <= OLD_PATH_LENGTH
        and "\x00" not in source + path
        and (wp_id is None or (type(wp_id) is int and 0 <= wp_id < 2**63))
        and (wp_id is not None or path)
    )
    return (source, kind, wp_id, path) if fits else None


def tag_line(tag):
    return f"tag “{tag.name}” at /tag/{tag.slug}/"


def _is_slug(value):
    try:
        validate_unicode_slug(value)
    except ValidationError:
        return False
    return True

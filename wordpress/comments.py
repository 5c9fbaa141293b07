"""Comments: WordPress threads, states, dates and commenters, saved in bulk.

ceoblog threads one level deep (a reply goes under a top-level comment), while WordPress nests
replies as deep as its settings allow. A deeper reply is placed under its thread's top-level
comment, in date order with the other replies; its words are kept as they were.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC
from html import unescape

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.html import strip_tags

from comments.models import BODY_MAX_LENGTH, Comment
from wordpress.models import ImportedObject, ImportedPerson
from wordpress.text import USERNAME_UNSAFE, plain_text

# WordPress's comment_approved value -> ceoblog's comment status; anything else is skipped.
STATES = {
    **{"1": Comment.Status.APPROVED, "approve": Comment.Status.APPROVED},
    **{"0": Comment.Status.PENDING, "hold": Comment.Status.PENDING},
    **{"spam": Comment.Status.SPAM, "rejected": Comment.Status.REJECTED},
}
SKIPPED = {"trash": "comments in WordPress's trash", "post-trashed": "comments of trashed posts"}
PING_TYPES = {"pingback", "trackback"}
USERNAME_LENGTH = 150
LINK = re.compile(r"""<a\s[^>]*?href=(["'])(?P<url>[^"']*)\1[^>]*>(?P<text>.*?)</a>""", re.I | re.S)
LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
PARAGRAPH_END = re.compile(r"</p>\s*", re.I)
BLANK_LINES = re.compile(r"\n{3,}")


def comment_digest(comment):
    """Return a digest of what a comment is made from, to tell later whether it changed."""
    data = "|".join(
        map(
            str,
            (
                comment.content,
                comment.approved,
                comment.parent_id,
                comment.date_gmt,
                comment.date,
                comment.author_name,
                comment.author_email,
            ),
        )
    )
    return hashlib.sha256(data.encode()).hexdigest()


def identity(key):
    """Return who a commenter was in WordPress, as the people table records it."""
    return f"{key[0]}:{key[1]}"


def comment_text(html):
    """Turn a WordPress comment (light HTML) into the plain text ceoblog keeps."""

    def link(match):
        text, url = strip_tags(match["text"]).strip(), match["url"].strip()
        # Comments show addresses as links, so an address kept in the text stays clickable.
        return text if not url or unescape(text) == unescape(url) else f"{text} ({url})"

    text = LINK.sub(link, html.replace("\r\n", "\n"))
    text = PARAGRAPH_END.sub("\n\n", LINE_BREAK.sub("\n", text))
    return BLANK_LINES.sub("\n\n", unescape(strip_tags(text))).strip()


def comment_time(comment):
    if comment.date_gmt:
        return comment.date_gmt.replace(tzinfo=UTC)
    if comment.date:
        return timezone.make_aware(comment.date)
    return None


def thread_top(comment, by_id, kept):
    """Return the WordPress ID of the kept top-level comment a reply goes under, or None."""
    top, seen = None, {comment.wp_id}
    parent = by_id.get(comment.parent_id)
    # Walk up to the thread's start; a skipped ancestor (in the trash, say) is stepped over.
    while parent is not None and parent.wp_id not in seen:
        seen.add(parent.wp_id)
        if parent.wp_id in kept:
            top = parent.wp_id
        parent = by_id.get(parent.parent_id)
    return top


@dataclass
class Wanted:
    """A WordPress comment to import, with its post and the top-level comment it goes under."""

    comment: object
    post: object
    top_id: int | None
    digest: str = ""


class CommentImport:
    """Import the comments of a batch of posts: top-level comments, then replies, in bulk."""

    def __init__(self, importer):
        self.importer = importer
        self.report = importer.report
        self.content_type = ContentType.objects.get_for_model(Comment)
        # WordPress user ID -> user, for comments written by the blog's own authors.
        self.wp_users = {
            author.wp_id: importer.users[author.login]
            for author in importer.scan.authors
            if author.wp_id is not None and author.login in importer.users
        }
        self.commenters = {}
        self.usernames_taken = set()

    def import_comments(self, imported):
        wanted = self._wanted(imported)
        if not wanted:
            return
        mappings = {
            mapping.wp_id: mapping
            for mapping in ImportedObject.objects.filter(
                source=self.importer.source,
                kind=ImportedObject.Kind.COMMENT,
                wp_id__in=[entry.comment.wp_id for entry in wanted],
            )
        }
        existing = Comment.objects.in_bulk([mapping.object_id for mapping in mappings.values()])
        # WordPress comment ID -> the ceoblog comment, for replies to find their parent.
        saved = {
            wp_id: existing[mapping.object_id]
            for wp_id, mapping in mappings.items()
            if mapping.object_id in existing
        }
        todo = []
        for entry in wanted:
            entry.digest = comment_digest(entry.comment)
            instance = saved.get(entry.comment.wp_id)
            if instance is None:
                todo.append(entry)
            elif mappings[entry.comment.wp_id].content_hash == entry.digest:
                self.report.count("comments", "unchanged")
            else:
                key = self._key(entry.comment)
                if key[0] == "name":
                    # No address to find them by again: the comment stays with its person.
                    self.commenters.setdefault(key, instance.author)
                todo.append(entry)
        self._load_commenters(todo)
        self._save([entry for entry in todo if entry.top_id is None], mappings, saved)
        self._save([entry for entry in todo if entry.top_id is not None], mappings, saved)

    def _wanted(self, imported):
        wanted = []
        for item, post in imported:
            kept = {}
            for comment in item.comments:
                reason = self._skip_reason(comment)
                if reason:
                    self.report.skip(f"comment {comment.wp_id} on post {item.wp_id}", reason)
                else:
                    kept[comment.wp_id] = comment
            by_id = {comment.wp_id: comment for comment in item.comments}
            wanted.extend(
                Wanted(comment, post, thread_top(comment, by_id, kept)) for comment in kept.values()
            )
        return wanted

    def _skip_reason(self, comment):
        if comment.comment_type in PING_TYPES:
            return "pingbacks and trackbacks (notices from other sites, not comments)"
        if comment.approved in SKIPPED:
            return SKIPPED[comment.approved]
        if comment.approved not in STATES:
            return f"comments in the unknown state {comment.approved!r}"
        if not comment_text(comment.content):
            return "comments with no text"
        return None

    def _save(self, entries, mappings, saved):
        new, changed = [], []
        for entry in entries:
            comment, digest = entry.comment, entry.digest
            mapping = mappings.get(comment.wp_id)
            instance = saved.get(comment.wp_id) or Comment()
            self._fill(instance, entry, saved)
            if not self._valid(instance, comment):
                continue
            saved[comment.wp_id] = instance
            if instance.pk is None:
                new.append((comment, instance, digest, mapping))
                self.report.count("comments", f"new {instance.status}")
            else:
                changed.append(instance)
                mapping.content_hash = digest
                mapping.save(update_fields=["content_hash", "updated_at"])
                self.report.count("comments", "updated")
        fields = ["post", "author", "parent", "body", "status", "created_at"]
        Comment.objects.bulk_update(changed, fields, batch_size=500)
        Comment.objects.bulk_create([instance for _, instance, _, _ in new], batch_size=500)
        fresh = []
        for comment, instance, digest, mapping in new:
            if mapping is not None:
                # The comment was deleted in ceoblog since the last import: it is back now.
                mapping.object_id, mapping.content_hash = instance.pk, digest
                mapping.save(update_fields=["object_id", "content_hash", "updated_at"])
                continue
            fresh.append(
                ImportedObject(
                    source=self.importer.source,
                    kind=ImportedObject.Kind.COMMENT,
                    wp_id=comment.wp_id,
                    content_type=self.content_type,
                    object_id=instance.pk,
                    content_hash=digest,
                )
            )
        ImportedObject.objects.bulk_create(fresh, batch_size=500)

    def _fill(self, instance, entry, saved):
        comment = entry.comment
        instance.post = entry.post
        instance.author = self._author(comment)
        instance.parent = saved.get(entry.top_id) if entry.top_id is not None else None
        instance.body = comment_text(comment.content)
        instance.status = STATES[comment.approved]
        when = comment_time(comment)
        if when is None:
            when = entry.post.published_at
            self.report.warn(f"Comment {comment.wp_id}: no date in the export; dated as its post.")
        instance.created_at = when

    def _valid(self, instance, comment):
        """Check the comment as the model would, skipping it (reported) if it cannot be held."""
        # Post and author were just saved or fetched, and the parent is an object in hand, so
        # the model's own rules (clean()) run without a query; uniqueness has no rule here.
        exclude = ["post", "author", "parent"]
        if len(instance.body) > BODY_MAX_LENGTH:
            # The limit is for new comments; an old one is history and is kept whole.
            exclude.append("body")
            self.report.warn(
                f"Comment {comment.wp_id} is longer than the {BODY_MAX_LENGTH} characters new "
                "comments may have: kept whole."
            )
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self.report.skip(
                f"comment {comment.wp_id}",
                f"comments ceoblog cannot hold ({'; '.join(error.messages)})",
            )
            return False
        return True

    # --- Commenters ----------------------------------------------------------------------------

    def _key(self, comment):
        if comment.user_id in self.wp_users:
            return ("wp", comment.user_id)
        if comment.author_email:
            return ("email", comment.author_email.lower())
        return ("name", plain_text(comment.author_name).lower())

    def _author(self, comment):
        return self.commenters[self._key(comment)]

    def _load_commenters(self, wanted):
        """Find or create, in a few queries, every commenter of the batch not met before."""
        User = get_user_model()
        missing = {}
        for entry in wanted:
            key = self._key(entry.comment)
            if key in self.commenters or key in missing:
                continue
            if key[0] == "wp":
                self.commenters[key] = self.wp_users[key[1]]
            else:
                missing[key] = entry.comment
        # Someone imported before is who they became then, whatever their account says now.
        people = self.importer.people
        known = people.find(ImportedPerson.Kind.COMMENTER, [identity(key) for key in missing])
        matched = [key for key in missing if identity(key) in known]
        for key in matched:
            self.commenters[key] = known[identity(key)]
            del missing[key]
        if matched:
            self.report.count("commenters", "imported before", len(matched))
        emails = [key[1] for key in missing if key[0] == "email"]
        if emails:
            # The oldest account with an address wins, as a login by email would find it.
            matches = (
                User.objects.annotate(email_lower=Lower("email"))
                .filter(email_lower__in=emails)
                .order_by("-pk")
            )
            for user in matches:
                self.commenters[("email", user.email_lower)] = user
            matched = [key for key in missing if key in self.commenters]
            for key in matched:
                del missing[key]
            if matched:
                self.report.count("commenters", "matched by email", len(matched))
                people.remember(
                    ImportedPerson.Kind.COMMENTER,
                    [(identity(key), self.commenters[key]) for key in matched],
                )
        if missing:
            self._create_commenters(missing)
            people.remember(
                ImportedPerson.Kind.COMMENTER,
                [(identity(key), self.commenters[key]) for key in missing],
            )

    def _create_commenters(self, missing):
        User = get_user_model()
        bases = {key: self._username_base(comment) for key, comment in missing.items()}
        self.usernames_taken.update(
            User.objects.filter(username__in=set(bases.values())).values_list("username", flat=True)
        )
        users = []
        for key, comment in missing.items():
            username = self._free_username(bases[key])
            first, _, last = plain_text(comment.author_name).partition(" ")
            user = User(username=username, first_name=first[:150], last_name=last.strip()[:150])
            user.email, user.is_active = comment.author_email, False
            user.set_unusable_password()
            try:
                user.full_clean(validate_unique=False)
            except ValidationError:
                # WordPress kept whatever a visitor typed as an address.
                user.email = ""
                user.full_clean(validate_unique=False)
            users.append(user)
            self.commenters[key] = user
        User.objects.bulk_create(users)
        self.report.count("commenters", "created inactive", len(users))

    def _username_base(self, comment):
        local = comment.author_email.split("@")[0] or plain_text(comment.author_name)
        base = USERNAME_UNSAFE.sub("-", local.strip()).strip("-").lower()
        return base[: USERNAME_LENGTH - 10] or "commenter"

    def _free_username(self, base):
        username, number = base, 2
        while username in self.usernames_taken or (
            number > 2 and get_user_model().objects.filter(username=username).exists()
        ):
            username, number = f"{base}-{number}", number + 1
        self.usernames_taken.add(username)
        return username

"""Comments: imported with their threads and states once the comments app (issue 3) is installed.

Only imported by the importer when `apps.is_installed("comments")`. The names below are what
issue 3 describes; if the comments app differs, this module is the one place to change.
"""

import hashlib
from collections import defaultdict
from datetime import UTC

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import strip_tags

from wordpress.importer import USERNAME_UNSAFE
from wordpress.models import ImportedObject

COMMENT_MODEL = ("comments", "Comment")
# WordPress's comment_approved value -> ceoblog's comment status; anything else is skipped.
STATES = {
    **{"1": "approved", "approve": "approved", "0": "pending", "hold": "pending"},
    **{"spam": "spam", "rejected": "rejected"},
}
SKIPPED = {"trash": "comments in WordPress's trash", "post-trashed": "comments of trashed posts"}
PING_TYPES = {"pingback", "trackback"}


def comment_digest(comment):
    data = "|".join(
        map(str, (comment.content, comment.approved, comment.parent_id, comment.date_gmt))
    )
    return hashlib.sha256(data.encode()).hexdigest()


class CommentImport:
    """Import the comments of a batch of posts, parents before replies, in bulk."""

    def __init__(self, importer):
        self.importer = importer
        self.model = apps.get_model(*COMMENT_MODEL)
        self.content_type = ContentType.objects.get_for_model(self.model)
        self.commenters = {}

    def import_comments(self, imported):
        report = self.importer.report
        wanted = []
        for item, post in imported:
            for comment in item.comments:
                if comment.comment_type in PING_TYPES:
                    report.skip(f"comment {comment.wp_id}", "pingbacks and trackbacks")
                elif comment.approved in SKIPPED:
                    report.skip(f"comment {comment.wp_id}", SKIPPED[comment.approved])
                elif comment.approved not in STATES:
                    report.skip(f"comment {comment.wp_id}", "comments in an unknown state")
                else:
                    wanted.append((comment, post))
        if not wanted:
            return
        mappings = {
            mapping.wp_id: mapping
            for mapping in ImportedObject.objects.filter(
                source=self.importer.source,
                kind=ImportedObject.Kind.COMMENT,
                wp_id__in=[comment.wp_id for comment, _ in wanted],
            )
        }
        # Replies need their parent's ID, so comments are saved one thread depth at a time.
        by_id = {comment.wp_id: comment for comment, _ in wanted}
        saved = {mapping.wp_id: mapping.object_id for mapping in mappings.values()}
        for level in self._levels(wanted, by_id):
            self._save_level(level, mappings, saved)

    def _levels(self, wanted, by_id):
        depth = {}

        def depth_of(comment, seen=()):
            if comment.wp_id not in depth:
                parent = by_id.get(comment.parent_id)
                if parent is None or parent.wp_id in seen:
                    depth[comment.wp_id] = 0
                else:
                    depth[comment.wp_id] = depth_of(parent, (*seen, comment.wp_id)) + 1
            return depth[comment.wp_id]

        levels = defaultdict(list)
        for comment, post in wanted:
            levels[depth_of(comment)].append((comment, post))
        return [levels[number] for number in sorted(levels)]

    def _save_level(self, level, mappings, saved):
        report = self.importer.report
        new, new_mappings = [], []
        for comment, post in level:
            digest = comment_digest(comment)
            mapping = mappings.get(comment.wp_id)
            if mapping is not None and mapping.content_hash == digest:
                report.count("comments", "unchanged")
                continue
            fields = {
                "post": post,
                "author": self._author(comment),
                "body": strip_tags(comment.content).strip(),
                "status": STATES[comment.approved],
                "parent_id": saved.get(comment.parent_id),
                "created_at": self._time(comment),
            }
            if mapping is not None:
                self.model.objects.filter(pk=mapping.object_id).update(**fields)
                mapping.content_hash = digest
                mapping.save(update_fields=["content_hash", "updated_at"])
                report.count("comments", "updated")
                continue
            instance = self.model(**fields)
            # Post, author and parent were just saved or fetched: checking that they exist would
            # cost three queries a comment.
            instance.full_clean(exclude=["parent", "post", "author"], validate_constraints=False)
            new.append((comment, instance, digest))
            report.count("comments", f"new {fields['status']}")
        self.model.objects.bulk_create([instance for _, instance, _ in new])
        for comment, instance, digest in new:
            saved[comment.wp_id] = instance.pk
            new_mappings.append(
                ImportedObject(
                    source=self.importer.source,
                    kind=ImportedObject.Kind.COMMENT,
                    wp_id=comment.wp_id,
                    content_type=self.content_type,
                    object_id=instance.pk,
                    content_hash=digest,
                )
            )
        ImportedObject.objects.bulk_create(new_mappings)

    def _author(self, comment):
        """Return the user a comment is by: the user with that email, or a new inactive one."""
        key = comment.author_email.lower() or comment.author_name
        if key not in self.commenters:
            User = get_user_model()
            user = None
            if comment.author_email:
                user = User.objects.filter(email__iexact=comment.author_email).first()
            if user is None:
                user = self._create_commenter(comment)
            self.commenters[key] = user
        return self.commenters[key]

    def _create_commenter(self, comment):
        User = get_user_model()
        base = USERNAME_UNSAFE.sub("-", comment.author_email.split("@")[0] or "commenter")[:140]
        username, number = base, 2
        while User.objects.filter(username=username).exists():
            username, number = f"{base}-{number}", number + 1
        first, _, last = comment.author_name.partition(" ")
        user = User(username=username, first_name=first[:150], last_name=last[:150])
        user.email, user.is_active = comment.author_email, False
        user.set_unusable_password()
        user.full_clean()
        user.save()
        self.importer.report.count("authors", "commenters created inactive")
        return user

    def _time(self, comment):
        if comment.date_gmt:
            return comment.date_gmt.replace(tzinfo=UTC)
        if comment.date:
            return timezone.make_aware(comment.date)
        return timezone.now()

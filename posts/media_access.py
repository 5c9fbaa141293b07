"""Who may open which uploaded file: a photo is for every reader once a published post shows it.

A photo (the original or a smaller copy) that a published post shows, as its featured photo or
in its body, is for everyone who may read the blog. One that only drafts, scheduled or
unpublished posts use, or no post at all, and any other uploaded file, is for staff who may see
those posts or the photo library. Readers get 404 for the rest, as for a file that is not there.
"""

from django.db.models import Exists, OuterRef, Q

from photos.models import Photo
from photos.usage import media_photo_filter
from posts.models import Post

# Who sees every post in the admin, or the photo library with its photos.
STAFF_PERMISSIONS = (
    "posts.view_post",
    "posts.change_post",
    "photos.view_photo",
    "photos.change_photo",
)


# --- Files of higher apps (documents, audiovideo) ----------------------------------------
# posts imports no app above it: those apps register a rule instead. A rule takes the file's
# path and returns True when a published post shows the file, False when none does, and None
# for files that are not its own. The app's library permissions open every file to staff, as
# the photo library's do.
_PUBLISHED_FILE_RULES = []
_LIBRARY_PERMISSIONS = []


def published_file_rule_register(rule, staff_permissions=()):
    if rule not in _PUBLISHED_FILE_RULES:
        _PUBLISHED_FILE_RULES.append(rule)
    _LIBRARY_PERMISSIONS.extend(p for p in staff_permissions if p not in _LIBRARY_PERMISSIONS)


def _published_by_rule(relative_path):
    return any(rule(relative_path) for rule in _PUBLISHED_FILE_RULES)


def media_file_readable(user, relative_path):
    """Return whether user may open the media file at relative_path (resolved, under MEDIA_ROOT).

    Readers cost one query, for a published post that shows the photo; staff are asked for
    their permissions only when that finds none.
    """
    photo = media_photo_filter(relative_path)
    if photo is not None and photo_is_published(photo):
        return True
    if photo is None and _published_by_rule(relative_path):
        return True
    return user.is_active and any(
        user.has_perm(permission) for permission in (*STAFF_PERMISSIONS, *_LIBRARY_PERMISSIONS)
    )


def photo_is_published(photo_filter):
    """Return whether a published post shows the photo matching photo_filter."""
    published = Post.objects.published()
    shown = Q(Exists(published.filter(featured_photo=OuterRef("pk")))) | Q(
        Exists(published.filter(body_photos=OuterRef("pk")))
    )
    return Photo.objects.filter(photo_filter).filter(shown).exists()

"""Adding and taking back a reaction, safe when the same person's requests arrive together."""

from django.conf import settings
from django.db import IntegrityError, transaction

from pagecache.recent import recent_get, recent_set
from pagecache.version import live_version
from reactions.models import Reaction


def reaction_set(*, post, user, kind, pressed):
    """Make the person's reaction of this kind on the post present (pressed) or absent.

    Setting a state, not flipping it: a double click, a reload that posts again, or two tabs
    sending at once all end where the person asked, and never in a second row.
    """
    if kind not in Reaction.Kind.values:
        raise ValueError(f"Unknown reaction: {kind!r}")
    # Each row added or deleted renews the live version (reactions/apps.py).
    if not pressed:
        Reaction.objects.filter(post=post, user=user, kind=kind).delete()
        return
    try:
        # A savepoint: the losing request of a race leaves its transaction usable.
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:
        # The unique constraint: the same person's other request added it first.
        return


def _reactors(post_id):
    """Return {kind: frozenset of the ids of people who reacted so} for the post."""
    reactors = {kind: set() for kind in Reaction.Kind.values}
    for kind, user_id in Reaction.objects.filter(post_id=post_id).values_list("kind", "user_id"):
        reactors[kind].add(user_id)
    return {kind: frozenset(ids) for kind, ids in reactors.items()}


def reactors(post_id, request=None):
    """Return who reacted how on the post, cached under the live version.

    Every reaction added or deleted, however (taken back, a leaver's erased, an account
    deleted), renews the live version (reactions/apps.py), so the cached answer is always the
    database's: a post page view asks Redis, not the database.
    """
    seconds = settings.CEOBLOG_PAGE_CACHE_SECONDS
    if not seconds:
        return _reactors(post_id)
    token, _ = live_version(request)
    key = f"reactions:reactors:{token}:{post_id}"
    found = recent_get(key)
    if found is None:
        found = _reactors(post_id)
        recent_set(key, found, seconds)
    return found


def reaction_counts(*, post_id, user, request=None):
    """Return each kind's count on the post and whether the person made it; never names."""
    found = reactors(post_id, request)
    return [
        {
            "kind": kind,
            "label": label,
            "count": len(found[kind]),
            "pressed": user.is_authenticated and user.pk in found[kind],
        }
        for kind, label in Reaction.Kind.choices
    ]

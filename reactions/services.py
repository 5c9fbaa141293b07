"""Adding and taking back a reaction, safe when the same person's requests arrive together."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from pagecache.version import bump_live_version
from reactions.models import Reaction


def reaction_set(*, post, user, kind, pressed):
    """Make the person's reaction of this kind on the post present (pressed) or absent.

    Setting a state, not flipping it: a double click, a reload that posts again, or two tabs
    sending at once all end where the person asked, and never in a second row.
    """
    if kind not in Reaction.Kind.values:
        raise ValueError(f"Unknown reaction: {kind!r}")
    if not pressed:
        deleted, _ = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
        if deleted:
            bump_live_version()
        return
    try:
        # A savepoint: the losing request of a race leaves its transaction usable.
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:
        # The unique constraint: the same person's other request added it first.
        return
    # No stored page changes (the counts are filled per request); browsers' copies do.
    bump_live_version()


def reaction_counts(*, post_id, user):
    """Return each kind's count on the post and whether the person made it: one small query."""
    mine = Q(user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    rows = (
        Reaction.objects.filter(post_id=post_id)
        .order_by()
        .values("kind")
        .annotate(count=Count("pk"), mine=Count("pk", filter=mine))
    )
    found = {row["kind"]: (row["count"], row["mine"] > 0) for row in rows}
    return [
        {
            "kind": kind,
            "label": label,
            "count": found.get(kind, (0, False))[0],
            "pressed": found.get(kind, (0, False))[1],
        }
        for kind, label in Reaction.Kind.choices
    ]

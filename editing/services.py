"""Write and read autosaves and presences: one function with keyword arguments per write."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from taggit.utils import parse_tags

from editing.models import Autosave, Presence
from editing.words import person_name
from posts.sanitize import sanitize_html


def autosave_save(*, user, post, values):
    """Keep the values typed into a post's form (post None for a new one) as the user's autosave."""
    now = timezone.now()
    values = dict(values)
    if "body" in values:
        # It goes back into the editor only, but nothing unsafe is kept even there.
        values["body"] = sanitize_html(values["body"])
    autosave, _ = Autosave.objects.update_or_create(
        user=user, post=post, defaults={**values, "saved_at": now}
    )
    autosaves_delete_old(now=now)
    return autosave


def autosave_get(*, user, post):
    return Autosave.objects.filter(user=user, post=post).first()


def autosave_clear(*, user, post):
    Autosave.objects.filter(user=user, post=post).delete()


def autosave_to_offer(*, user, post):
    """Return the user's autosave of the post if it holds work the post does not, else None."""
    autosave = autosave_get(user=user, post=post)
    if autosave is None or post is None:
        return autosave
    if autosave.saved_at <= post.updated_at or autosave_matches_post(autosave, post):
        return None
    return autosave


def autosave_matches_post(autosave, post):
    same_text = all(
        getattr(autosave, name) == getattr(post, name) for name in ("title", "slug", "excerpt")
    )
    if not same_text or autosave.body != post.body:
        return False
    return sorted(parse_tags(autosave.tags)) == sorted(tag.name for tag in post.tags.all())


def autosaves_delete_old(*, now=None):
    """Delete every autosave older than CEOBLOG_AUTOSAVE_KEEP_DAYS; return how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.CEOBLOG_AUTOSAVE_KEEP_DAYS)
    deleted, _ = Autosave.objects.filter(saved_at__lt=cutoff).delete()
    return deleted


def away_after():
    """Return how long after a page's last heartbeat its person counts as gone."""
    # Three heartbeats: a background tab's timers may be slowed to one a minute.
    return timedelta(seconds=3 * settings.CEOBLOG_EDITING_HEARTBEAT_SECONDS)


# How long a page's goodbye is remembered, to know a heartbeat that crossed it on the way.
GOODBYE_KEPT_SECONDS = 600


def _goodbye_key(*, user, post):
    return f"editing:presence-goodbye:{post.pk}:{user.pk}"


def presence_mark(*, user, post, sent_at=None):
    """Record that the user has the post open now; forget anyone long gone from it.

    sent_at: when the page sent the heartbeat, by the browser's clock (milliseconds). A heartbeat
    still on its way when the page closed can reach the server after the page's goodbye; one sent
    no later than the person's last goodbye is not counted, or it would bring them back.
    """
    if sent_at is not None:
        goodbye = cache.get(_goodbye_key(user=user, post=post))
        if goodbye is not None and sent_at <= goodbye:
            return
    now = timezone.now()
    # update_or_create gets the row again if another tab of the same person made it first.
    Presence.objects.update_or_create(post=post, user=user, defaults={"last_seen_at": now})
    Presence.objects.filter(post=post, last_seen_at__lt=now - 10 * away_after()).delete()


def presence_leave(*, user, post, sent_at=None):
    """Forget that the user has the post open; remember when the page said so (presence_mark).

    Kept in the cache: with the cache failing, a crossing heartbeat shows the person for at
    most away_after() more, as before.
    """
    Presence.objects.filter(post=post, user=user).delete()
    if sent_at is not None:
        key = _goodbye_key(user=user, post=post)
        cache.set(key, max(sent_at, cache.get(key) or 0), GOODBYE_KEPT_SECONDS)


def others_editing(*, user, post):
    """Return the names of the other people who have the post open, in alphabetical order."""
    since = timezone.now() - away_after()
    present = (
        Presence.objects.filter(post=post, last_seen_at__gte=since)
        .exclude(user=user)
        .select_related("user")
    )
    return sorted(person_name(presence.user) for presence in present)

"""How many posts readers see per month, tag and author, without counting every post.

The counts are of posts with the published status (MonthCount, TagCount, AuthorCount), recounted
in the same transaction as the change that alters them: a post saved or deleted, a tag added to
or taken from a post, a tag deleted. The clock also changes what readers see (a scheduled post
goes live, an unpublish time passes) without any save, so readers' counts subtract the posts the
clock hides now: few, and found through small indexes. published_q stays the one rule.
"""

import contextlib
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from taggit.models import Tag

from posts.models import (
    AuthorCount,
    MonthCount,
    Post,
    TagCount,
    TaggedPost,
    counted_state,
)

# Months, tags and authors waiting to be recounted at the end of counts_deferred(), or None.
_pending = ContextVar("posts_counts_pending", default=None)


def counted_q(prefix=""):
    """The posts the stored counts count: published status, with a publication time."""
    return Q(**{f"{prefix}status": Post.Status.PUBLISHED, f"{prefix}published_at__isnull": False})


def hidden_q(now=None, prefix=""):
    """Of the counted posts, those readers do not see now: scheduled, or past unpublish time."""
    now = now or timezone.now()
    return counted_q(prefix) & (
        Q(**{f"{prefix}published_at__gt": now}) | Q(**{f"{prefix}unpublish_at__lte": now})
    )


# --- Recounting --------------------------------------------------------------------------------


def recount(*, months=(), tags=(), authors=()):
    """Recount the given months (first days), tag ids and author ids, in this transaction."""
    months, tags, authors = ({key for key in keys if key} for keys in (months, tags, authors))
    pending = _pending.get()
    if pending is not None:
        pending["months"] |= months
        pending["tags"] |= tags
        pending["authors"] |= authors
        return
    with transaction.atomic():
        if months:
            _recount_months(months)
        if tags:
            _recount_tags(tags)
        if authors:
            _recount_authors(authors)


@contextlib.contextmanager
def counts_deferred():
    """Recount once, on leaving the block, what the saves inside it would recount one by one."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set({"months": set(), "tags": set(), "authors": set()})
    try:
        yield
    finally:
        pending = _pending.get()
        _pending.reset(token)
    recount(**pending)


def _locked(model, keys):
    """Make sure a row exists for each key and lock them all, in a fixed order.

    Locking before counting (READ COMMITTED) means a transaction that waited for another sees
    that one's committed change when it counts, so neither overwrites the other's count.
    """
    field = model._meta.pk.attname
    model.objects.bulk_create([model(**{field: key}) for key in keys], ignore_conflicts=True)
    locked = model.objects.select_for_update().filter(pk__in=keys).order_by("pk")
    list(locked.values_list("pk", flat=True))


def _store(model, keys, counts):
    for key in keys:
        model.objects.filter(pk=key).update(posts=counts.get(key, 0))


def _recount_months(months):
    _locked(MonthCount, months)
    within = Q()
    for month in months:
        following = (month + timedelta(days=32)).replace(day=1)
        # published_at bounds a day wider than the local month, so the index narrows the rows.
        start = datetime.combine(month, time.min, tzinfo=UTC) - timedelta(days=1)
        end = datetime.combine(following, time.min, tzinfo=UTC) + timedelta(days=1)
        within |= Q(
            published_on__gte=month,
            published_on__lt=following,
            published_at__gte=start,
            published_at__lt=end,
        )
    counts = dict(
        Post.objects.filter(counted_q())
        .filter(within)
        .annotate(month=TruncMonth("published_on"))
        .values_list("month")
        .annotate(count=Count("id"))
    )
    _store(MonthCount, months, counts)


def _recount_tags(tags):
    existing = set(Tag.objects.filter(pk__in=tags).values_list("pk", flat=True))
    # A tag being deleted: its row goes, rather than being counted again.
    TagCount.objects.filter(pk__in=tags - existing).delete()
    if not existing:
        return
    _locked(TagCount, existing)
    counts = dict(
        TaggedPost.objects.filter(counted_q("content_object__"), tag_id__in=existing)
        .values_list("tag_id")
        .annotate(count=Count("id"))
    )
    _store(TagCount, existing, counts)


def _recount_authors(authors):
    _locked(AuthorCount, authors)
    counts = dict(
        Post.objects.filter(counted_q(), author_id__in=authors)
        .values_list("author_id")
        .annotate(count=Count("id"))
    )
    _store(AuthorCount, authors, counts)


@transaction.atomic
def recount_all():
    """Count everything again: after bulk imports and copies, which send no signals."""
    counted = Post.objects.filter(counted_q()).order_by()
    months = counted.annotate(month=TruncMonth("published_on")).values_list("month")
    MonthCount.objects.all().delete()
    MonthCount.objects.bulk_create(
        MonthCount(month=month, posts=count) for month, count in months.annotate(Count("id"))
    )
    TagCount.objects.all().delete()
    tags = TaggedPost.objects.filter(counted_q("content_object__")).values_list("tag_id")
    TagCount.objects.bulk_create(
        TagCount(tag_id=tag, posts=count) for tag, count in tags.annotate(Count("id")).order_by()
    )
    AuthorCount.objects.all().delete()
    AuthorCount.objects.bulk_create(
        AuthorCount(author_id=author, posts=count)
        for author, count in counted.values_list("author_id").annotate(Count("id"))
    )


# --- Keeping them in step (connected in PostsConfig.ready) --------------------------------------


def _stored_state(pk):
    row = Post.objects.filter(pk=pk).values("status", "published_on", "published_at", "author_id")
    row = row.first()
    return counted_state(row) if row else None


def _post_pre_save(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_counted_as", None) is None and not instance._state.adding:
        # Saved without having been loaded whole (built by hand, or with only()): ask what it was.
        instance._counted_as = _stored_state(instance.pk)


def _post_saved(sender, instance, created, raw=False, **kwargs):
    before = None if created else getattr(instance, "_counted_as", None)
    after = counted_state(instance.__dict__) or _stored_state(instance.pk)
    instance._counted_as = after
    _changed(instance, before or (False, None, None), after)


def _post_deleted(sender, instance, **kwargs):
    before = getattr(instance, "_counted_as", None) or counted_state(instance.__dict__)
    # Its tag links went first, each recounting its tag.
    _changed(instance, before, (False, None, None), tags=False)


def _changed(post, before, after, *, tags=True):
    if before == after:
        return
    (was, old_month, old_author), (now, new_month, new_author) = before, after
    months = {old_month if was else None, new_month if now else None}
    authors = {old_author if was else None, new_author if now else None}
    if (was, old_month) == (now, new_month):
        months = set()
    if (was, old_author) == (now, new_author):
        authors = set()
    tag_ids = []
    if tags and was != now:
        tag_ids = TaggedPost.objects.filter(content_object_id=post.pk).values_list(
            "tag_id", flat=True
        )
    recount(months=months, tags=tag_ids, authors=authors)


def _link_changed(sender, instance, raw=False, **kwargs):
    # Links of posts readers cannot see change no count.
    if Post.objects.filter(counted_q(), pk=instance.content_object_id).exists():
        recount(tags=[instance.tag_id])


def _tag_deleted(sender, instance, **kwargs):
    TagCount.objects.filter(pk=instance.pk).delete()


def connect_count_signals():
    from django.db.models.signals import post_delete, post_save, pre_save

    pre_save.connect(_post_pre_save, sender=Post, dispatch_uid="posts-counts-pre-save")
    post_save.connect(_post_saved, sender=Post, dispatch_uid="posts-counts-save")
    post_delete.connect(_post_deleted, sender=Post, dispatch_uid="posts-counts-delete")
    post_save.connect(_link_changed, sender=TaggedPost, dispatch_uid="posts-counts-link-save")
    post_delete.connect(_link_changed, sender=TaggedPost, dispatch_uid="posts-counts-link-del")
    post_delete.connect(_tag_deleted, sender=Tag, dispatch_uid="posts-counts-tag-delete")


# --- What readers see ----------------------------------------------------------------------------


@dataclass
class Hidden:
    """The counted posts readers do not see now, as numbers to subtract from the stored counts."""

    total: int = 0
    months: Counter = field(default_factory=Counter)
    tags: Counter = field(default_factory=Counter)
    authors: Counter = field(default_factory=Counter)


def hidden_now(now=None):
    """Return what the clock hides now, in one query (a row per tag of each hidden post)."""
    rows = Post.objects.filter(hidden_q(now)).values_list(
        "pk", "published_on", "author_id", "tagged_items__tag_id"
    )
    hidden = Hidden()
    posts = {}
    for pk, day, author, tag in rows:
        posts[pk] = (day, author)
        if tag is not None:
            hidden.tags[tag] += 1
    hidden.total = len(posts)
    hidden.months.update(day.replace(day=1) for day, _ in posts.values())
    hidden.authors.update(author for _, author in posts.values())
    return hidden


def published_months(hidden):
    """Return [(first day of month, posts readers see)], newest first, empty months left out."""
    rows = MonthCount.objects.filter(posts__gt=0).order_by("-month").values_list("month", "posts")
    shown = ((month, count - hidden.months[month]) for month, count in rows)
    return [(month, count) for month, count in shown if count > 0]


class PopularTag(NamedTuple):
    """A tag as the sidebar lists it: its name, its address's slug, and the posts readers see."""

    name: str
    slug: str
    count: int


def popular_tags(limit, hidden):
    """Return the limit tags on most posts readers see (most first, then by name)."""
    # Hidden posts can only lower a count: the limit best stored counts, plus one per tag that
    # lost some, hold the limit best counts readers see. Read as values: building a model
    # object for each count and its tag took longer than the query.
    rows = (
        TagCount.objects.filter(posts__gt=0)
        .order_by("-posts", "tag__name")
        .values_list("tag_id", "tag__name", "tag__slug", "posts")[: limit + len(hidden.tags)]
    )
    shown = (
        PopularTag(name, slug, stored - hidden.tags[tag_id]) for tag_id, name, slug, stored in rows
    )
    tags = [tag for tag in shown if tag.count > 0]
    tags.sort(key=lambda tag: (-tag.count, tag.name))
    return tags[:limit]


def published_total():
    """How many posts readers see: what the home page's paginator shows."""
    stored = MonthCount.objects.aggregate(total=Sum("posts"))["total"] or 0
    return stored - Post.objects.filter(hidden_q()).count()


def tag_total(tag):
    stored = TagCount.objects.filter(pk=tag.pk).values_list("posts", flat=True).first() or 0
    return stored - TaggedPost.objects.filter(hidden_q(prefix="content_object__"), tag=tag).count()


def author_total(author):
    stored = AuthorCount.objects.filter(pk=author.pk).values_list("posts", flat=True).first() or 0
    return stored - Post.objects.filter(hidden_q(), author=author).count()

"""Fold the reads waiting in Redis into the database, keep daily totals, forget old reads.

Safe to run on several servers at once and to run again after a failure: a read is a row unique
per post and reader (inserted ignoring conflicts), and each daily total is recounted from the
reads, never added to, and only ever raised, so a run that saw fewer reads than another can
never lower it.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Greatest, TruncDate
from django.utils import timezone

from posts.models import Post
from readership.models import DailyReads, Directorate, Read
from readership.most_read import most_read_refresh
from readership.store import StoreUnavailable, store_forget, store_take

logger = logging.getLogger(__name__)

BATCH = 1000


@dataclass
class FoldResult:
    reads_taken: int = 0
    totals_changed: int = 0
    reads_forgotten: int = 0
    store_failed: bool = False


def _parse(fields, *, oldest):
    """Yield (post id, user id, read at, from alert) from a hash's fields; skip what is not one."""
    for field, value in fields.items():
        try:
            post_id, user_id = (int(part) for part in field.split(":"))
            stamp, alert = value.split("|")
            read_at = datetime.fromtimestamp(int(stamp), tz=UTC)
        except (ValueError, OverflowError):
            logger.warning("Readership: ignored a stored read that is not one: %r", field)
            continue
        # Older than the period: its day's total is no longer recounted, and it would go at once.
        if read_at >= oldest:
            yield post_id, user_id, read_at, alert == "1"


def _reads_from(batches, *, oldest):
    parsed = [read for fields in batches.values() for read in _parse(fields, oldest=oldest)]
    post_ids = set(Post.objects.filter(pk__in={r[0] for r in parsed}).values_list("pk", flat=True))
    user_ids = set(
        get_user_model().objects.filter(pk__in={r[1] for r in parsed}).values_list("pk", flat=True)
    )
    # The directorate when the read is folded, minutes after it was made.
    directorates = dict(
        Directorate.objects.filter(user_id__in=user_ids).values_list("user_id", "name")
    )
    return [
        Read(
            post_id=post_id,
            user_id=user_id,
            first_read_at=read_at,
            directorate=directorates.get(user_id, ""),
            from_alert=from_alert,
        )
        for post_id, user_id, read_at, from_alert in parsed
        if post_id in post_ids and user_id in user_ids
    ]


def _first_whole_day(oldest):
    """Return the first day (in TIME_ZONE) all of whose reads are still kept, and its start."""
    day = timezone.localdate(oldest) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    return day, start


def daily_reads_recount(*, oldest):
    """Raise each daily total of the days whose reads are all kept to what the reads say."""
    day, start = _first_whole_day(oldest)
    counted = (
        Read.objects.filter(first_read_at__gte=start)
        .annotate(day=TruncDate("first_read_at", tzinfo=timezone.get_current_timezone()))
        .values("post_id", "day", "directorate")
        .annotate(readers=Count("id"), alerted=Count("id", filter=Q(from_alert=True)))
        .order_by()
    )
    stored = {
        (row.post_id, row.day, row.directorate): (row.readers, row.from_alert)
        for row in DailyReads.objects.filter(day__gte=day)
    }
    wanted = {
        (row["post_id"], row["day"], row["directorate"]): (row["readers"], row["alerted"])
        for row in counted
    }
    changed = {
        key: value
        for key, value in wanted.items()
        if key not in stored or any(new > old for new, old in zip(value, stored[key], strict=True))
    }
    DailyReads.objects.bulk_create(
        [
            DailyReads(post_id=p, day=d, directorate=g, readers=r, from_alert=a)
            for (p, d, g), (r, a) in changed.items()
            if (p, d, g) not in stored
        ],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    for (post_id, day_, directorate), (readers, alerted) in changed.items():
        # Also for rows just inserted: another run may have inserted the same row first.
        DailyReads.objects.filter(post_id=post_id, day=day_, directorate=directorate).filter(
            Q(readers__lt=readers) | Q(from_alert__lt=alerted)
        ).update(
            readers=Greatest(F("readers"), Value(readers)),
            from_alert=Greatest(F("from_alert"), Value(alerted)),
        )
    return len(changed)


def reads_fold(*, now=None):
    """Fold waiting reads into Read rows, recount daily totals, delete reads past the period."""
    now = now or timezone.now()
    oldest = now - timedelta(days=settings.CEOBLOG_READS_KEPT_DAYS)
    result = FoldResult()
    try:
        batches = store_take()
    except StoreUnavailable as error:
        # Reads written to the database while Redis was away are still recounted below.
        logger.warning("Readership: Redis unreachable (%s); waiting reads fold next run.", error)
        batches, result.store_failed = {}, True
    reads = _reads_from(batches, oldest=oldest)
    result.reads_taken = len(reads)
    with transaction.atomic():
        Read.objects.bulk_create(reads, ignore_conflicts=True, batch_size=BATCH)
        result.totals_changed = daily_reads_recount(oldest=oldest)
        result.reads_forgotten, _ = Read.objects.filter(first_read_at__lt=oldest).delete()
    if result.totals_changed:
        # The sidebar's "Most read this month" shows the new totals at once.
        most_read_refresh()
    try:
        store_forget(list(batches))
    except StoreUnavailable as error:
        # They are taken again next run, and count nothing twice.
        logger.warning("Readership: could not delete folded reads from Redis (%s).", error)
        result.store_failed = True
    return result

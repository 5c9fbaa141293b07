"""The readership page's figures, each from one query over DailyReads, whatever the post's age.

A post's day 1 is the day it was published (in the site's time zone), day 7 ends its first week;
the curve covers days 1 to 14. Only posts that have gone out (published, publication time past)
have figures: Post.objects.gone_live().
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone

from posts.models import Post
from readership.models import DailyReads
from readership.privacy import reach_rows

CURVE_DAYS = 14
FIRST_WEEK_DAYS = 7


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def current(cls):
        today = timezone.localdate()
        return cls(today.year, today.month)

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self):
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self):
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def __str__(self):
        return self.first_day.strftime("%B %Y")


def month_most_read(month, limit=None):
    """Return the posts read in a month, most readers first: dicts of post fields and figures.

    A reader counts in the month they first read the post.
    """
    rows = (
        DailyReads.objects.filter(
            day__range=(month.first_day, month.last_day),
            post__in=Post.objects.gone_live().values("pk"),
        )
        .values("post_id", "post__title", "post__published_at")
        .annotate(readers=Sum("readers"), from_alert=Sum("from_alert"))
        .order_by("-readers", "-post__published_at", "post_id")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        {
            "post_id": row["post_id"],
            "title": row["post__title"],
            "published_at": row["post__published_at"],
            "readers": row["readers"],
            "from_alert": row["from_alert"],
        }
        for row in rows
    ]


def active_staff_count():
    """Count the active accounts that signed in within CEOBLOG_READERSHIP_ACTIVE_DAYS."""
    since = timezone.now() - datetime.timedelta(days=settings.CEOBLOG_READERSHIP_ACTIVE_DAYS)
    return get_user_model().objects.filter(is_active=True, last_login__gte=since).count()


def post_figures(post):
    """Return a post's readership: first day, first week, so far, email alert, curve, reach."""
    first_day = timezone.localtime(post.published_at).date()
    last_curve_day = first_day + datetime.timedelta(days=CURVE_DAYS - 1)
    reads = DailyReads.objects.filter(post=post)
    by_day = {
        row["day"]: row
        for row in reads.filter(day__range=(first_day, last_curve_day))
        .values("day")
        .annotate(readers=Sum("readers"), from_alert=Sum("from_alert"))
        .order_by()
    }
    by_directorate = list(
        reads.values("directorate")
        .annotate(readers=Sum("readers"), from_alert=Sum("from_alert"))
        .order_by()
    )
    total = sum(row["readers"] for row in by_directorate)
    curve, so_far = [], 0
    for number in range(1, CURVE_DAYS + 1):
        day = first_day + datetime.timedelta(days=number - 1)
        found = by_day.get(day, {})
        readers = found.get("readers", 0)
        so_far += readers
        curve.append(
            {
                "number": number,
                "day": day,
                "readers": readers,
                "so_far": so_far,
                "from_alert": found.get("from_alert", 0),
                "is_future": day > timezone.localdate(),
            }
        )
    active = active_staff_count()
    threshold = settings.CEOBLOG_READERSHIP_MIN_GROUP
    return {
        "first_day": curve[0]["readers"],
        "first_week": curve[FIRST_WEEK_DAYS - 1]["so_far"],
        "total": total,
        "from_alert": sum(row["from_alert"] for row in by_directorate),
        "active_staff": active,
        # Readers who have since left or not signed in lately may make this pass 100%: capped.
        "share_of_active": min(100, round(100 * total / active)) if active else None,
        "curve": curve,
        "reach": reach_rows(
            {row["directorate"]: row["readers"] for row in by_directorate}, threshold
        ),
        "threshold": threshold,
    }

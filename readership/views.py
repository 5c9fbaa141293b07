"""The readership pages in the admin: a month's most-read posts, one post's readership, as CSV too.

For the communications team and approvers (readership/roles.py); the URLs wrap each view in the
admin's own admin_view, so only staff reach them, and each checks PERMISSION.
"""

import csv
import datetime
import re

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from audit.admin import csv_safe
from posts.models import Post
from readership import charts
from readership.figures import Month, month_most_read, post_figures
from readership.roles import VIEW_READERSHIP

PERMISSION = VIEW_READERSHIP
LIST_LENGTH = 20
CHART_LENGTH = 10
MONTH_FIELD = re.compile(r"^(\d{4})-(\d{2})$")
BAD_MONTH = "Choose a month as a year and month, for example 2026-03."


def _check_permission(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _month_or_404(year, month):
    try:
        datetime.date(year, month, 1)
    except ValueError:
        raise Http404("There is no such month.") from None
    return Month(year, month)


def _context(request, title, **context):
    return {
        **admin.site.each_context(request),
        "title": title,
        "threshold": settings.CEOBLOG_READERSHIP_MIN_GROUP,
        "active_days": settings.CEOBLOG_READERSHIP_ACTIVE_DAYS,
        **context,
    }


def _month_url(month, name="readership:month"):
    return reverse(name, kwargs={"year": month.year, "month": month.month})


def month_view(request, year=None, month=None):
    """Show the posts most read in a month (this month unless one is chosen), with a chart."""
    _check_permission(request)
    error = ""
    if year is None:
        chosen = request.GET.get("month", "").strip()
        current = Month.current()
        if chosen:
            match = MONTH_FIELD.match(chosen)
            try:
                found = match and _month_or_404(int(match[1]), int(match[2]))
            except Http404:
                found = None
            if found:
                return redirect(_month_url(found))
            error = BAD_MONTH
        shown = current
    else:
        shown = _month_or_404(year, month)
    rows = month_most_read(shown, limit=LIST_LENGTH)
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        row["url"] = reverse("readership:post", kwargs={"post_id": row["post_id"]})
    chart = charts.horizontal_bars(
        [(row["title"], row["readers"], str(row["readers"])) for row in rows[:CHART_LENGTH]]
    )
    this_month = Month.current()
    following = shown.next()
    context = _context(
        request,
        f"Readership: most read in {shown}",
        month=shown,
        rows=rows,
        chart=chart,
        chart_length=min(CHART_LENGTH, len(rows)),
        error=error,
        month_value=f"{shown.year:04d}-{shown.month:02d}",
        previous_url=_month_url(shown.previous()),
        previous_month=shown.previous(),
        next_url=_month_url(following) if following.first_day <= this_month.first_day else "",
        next_month=following,
        this_month_url=reverse("readership:index"),
        csv_url=_month_url(shown, "readership:month-csv"),
    )
    return TemplateResponse(
        request, "admin/readership/month.html", context, status=400 if error else 200
    )


def _csv_response(filename, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return response


def month_csv(request, year, month):
    """Every post read in a month, most readers first, as a CSV file."""
    _check_permission(request)
    shown = _month_or_404(year, month)
    lines = [["Rank", "Post", "Published", "Readers in the month", "From the email alert"]]
    for rank, row in enumerate(month_most_read(shown), start=1):
        published = timezone.localtime(row["published_at"]).strftime("%Y-%m-%d %H:%M")
        lines.append([rank, row["title"], published, row["readers"], row["from_alert"]])
    return _csv_response(f"most-read-{shown.year:04d}-{shown.month:02d}.csv", lines)


def _published_post(post_id):
    # A draft, a scheduled post or one moved back to drafts has no readership to show.
    return get_object_or_404(Post.objects.gone_live(), pk=post_id)


def post_view(request, post_id):
    """Show one post's readership: its first day and week, reach by directorate, its curve."""
    _check_permission(request)
    post = _published_post(post_id)
    figures = post_figures(post)
    threshold = figures["threshold"]
    reach = figures["reach"] or []
    context = _context(
        request,
        f"Readership of “{post.title}”",
        post=post,
        figures=figures,
        curve_chart=charts.columns(
            [
                (
                    str(point["number"]),
                    None if point["is_future"] else point["readers"],
                    point["from_alert"],
                )
                for point in figures["curve"]
            ]
        ),
        reach_chart=charts.horizontal_bars(
            [(row.name, row.readers, row.words(threshold)) for row in reach]
        ),
        reach_rows=[(row, row.words(threshold)) for row in reach],
        published_month_url=_month_url(
            Month(
                timezone.localtime(post.published_at).year,
                timezone.localtime(post.published_at).month,
            )
        ),
        csv_url=reverse("readership:post-csv", kwargs={"post_id": post.pk}),
        change_url=reverse("admin:posts_post_change", args=[post.pk]),
    )
    return TemplateResponse(request, "admin/readership/post.html", context)


def post_csv(request, post_id):
    """One post's figures as a CSV file, with the same hidden directorates as the page."""
    _check_permission(request)
    post = _published_post(post_id)
    figures = post_figures(post)
    threshold = figures["threshold"]
    share = figures["share_of_active"]
    lines = [
        ["Section", "Item", "Readers", "Note"],
        ["Post", post.title, "", timezone.localtime(post.published_at).strftime("%Y-%m-%d %H:%M")],
        ["Summary", "First day", figures["first_day"], "the day it was published"],
        ["Summary", "First week", figures["first_week"], "days 1 to 7"],
        ["Summary", "All readers so far", figures["total"], ""],
        ["Summary", "From the email alert", figures["from_alert"], ""],
        [
            "Summary",
            "Active staff",
            figures["active_staff"],
            f"signed in within the last {settings.CEOBLOG_READERSHIP_ACTIVE_DAYS} days",
        ],
        ["Summary", "Share of active staff", "" if share is None else f"{share}%", ""],
    ]
    if figures["reach"] is None:
        lines.append(["Directorate", "", "", "too few readers to show any directorate"])
    for row in figures["reach"] or []:
        note = f"{row.share}% of readers" if row.share is not None else "not shown: see the page"
        lines.append(["Directorate", row.name, row.words(threshold), note])
    for point in figures["curve"]:
        day = point["day"].isoformat()
        lines.append(
            [
                "Day",
                f"{point['number']} ({day})",
                point["readers"],
                f"{point['so_far']} so far; {point['from_alert']} from the email alert",
            ]
        )
    return _csv_response(f"readership-post-{post.pk}.csv", lines)

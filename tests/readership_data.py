"""Plain helpers for the readership tests: daily totals, people of each role, a table's rows."""

import re
from datetime import timedelta
from html import unescape

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import roles_set_up
from readership.models import DailyReads
from tests.helpers import make_user


def publication_day(post):
    return timezone.localtime(post.published_at).date()


def add_reads(post, day_number, directorate, readers, from_alert=0):
    """Record readers of a post on its day_number (1 = the day it was published)."""
    return DailyReads.objects.create(
        post=post,
        day=publication_day(post) + timedelta(days=day_number - 1),
        directorate=directorate,
        readers=readers,
        from_alert=from_alert,
    )


def make_active_staff(count, *, prefix="staff"):
    """Create count active accounts that signed in an hour ago."""
    signed_in = timezone.now() - timedelta(hours=1)
    model = get_user_model()
    model.objects.bulk_create(
        model(username=f"{prefix}{number}", last_login=signed_in, is_active=True)
        for number in range(count)
    )


def person_in(group_name, username):
    """Return a staff member in one of the groups setup_roles makes."""
    roles_set_up()
    user = make_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def table_rows(html, table_id):
    """Return the text of each row of the table with that id, cells joined by " | "."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert table, f"no table {table_id}"
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table[0], re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append(" | ".join(unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells))
    return rows

"""Record that a signed-in reader opened a published post: one Redis command, no query."""

import logging

from django.conf import settings
from django.utils import timezone

from posts.links import FROM_ALERT_PARAMETER, FROM_ALERT_VALUE
from readership.models import Directorate, Read
from readership.store import StoreUnavailable, store_add

logger = logging.getLogger(__name__)


def _is_prefetch(request):
    # A browser fetching a page the reader may open next: not a read.
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or ""
    return purpose.startswith("prefetch")


def read_record(*, request, post_id):
    """Record the request's user's read of a post readers can see (the caller checks that).

    Only a signed-in reader's GET counts. With Redis unreachable, or no Redis (a single server
    on the local-memory cache), the read is written to the database directly: two queries, on
    a site already rendering every page from the database.
    """
    user = request.user
    if (
        not settings.CEOBLOG_READS_COUNTED
        or request.method != "GET"
        or not user.is_authenticated
        or _is_prefetch(request)
    ):
        return
    read_at = timezone.now()
    from_alert = request.GET.get(FROM_ALERT_PARAMETER) == FROM_ALERT_VALUE
    try:
        store_add(post_id=post_id, user_id=user.pk, read_at=read_at, from_alert=from_alert)
    except StoreUnavailable:
        read_save(post_id=post_id, user=user, read_at=read_at, from_alert=from_alert)


def read_save(*, post_id, user, read_at, from_alert):
    """Write a read to the database at once; a reader's earlier read of the post is kept."""
    directorate = Directorate.objects.filter(user=user).values_list("name", flat=True).first()
    Read.objects.bulk_create(
        [
            Read(
                post_id=post_id,
                user=user,
                first_read_at=read_at,
                directorate=directorate or "",
                from_alert=from_alert,
            )
        ],
        ignore_conflicts=True,
    )

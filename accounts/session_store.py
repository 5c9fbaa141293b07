"""Django's database sessions, read with a query written out once (SESSION_ENGINE).

Every signed-in request reads its session, most of them for a page served from the cache in a
few milliseconds; the ORM takes longer to build this lookup than the database takes to answer
it. Everything else (saving, expiry, `clearsessions`, the async methods) is Django's own.
"""

import functools

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


@functools.cache
def _read_sql(model, alias):
    quote = connections[alias].ops.quote_name
    return (
        f"SELECT session_key, session_data, expire_date FROM {quote(model._meta.db_table)} "
        f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
    )


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        sql = _read_sql(model, router.db_for_read(model))
        # raw() converts the columns as the ORM does; an unknown or expired key finds nothing.
        found = list(model.objects.raw(sql, [self.session_key, timezone.now()]))
        if not found:
            self._session_key = None
            return None
        return found[0]

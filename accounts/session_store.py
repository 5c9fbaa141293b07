"""Django's database sessions, read with a query written out once (SESSION_ENGINE).

Every signed-in request reads its session, most of them for a page served from the cache in a
few milliseconds; the ORM takes longer to build this lookup than the database takes to answer
it. Everything else (saving, expiry, `clearsessions`, the async methods) is Django's own.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        sql = "SELECT session_key, session_data, expire_date FROM {} WHERE {} = %s AND {} > %s"
        quote = connection.ops.quote_name
        sql = sql.format(quote(model._meta.db_table), quote("session_key"), quote("expire_date"))
        # raw() converts the columns as the ORM does; an unknown or expired key finds nothing.
        found = list(model.objects.raw(sql, [self.session_key, timezone.now()]))
        if not found:
            self._session_key = None
            return None
        return found[0]

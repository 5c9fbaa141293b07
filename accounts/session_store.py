"""Django's database sessions, read with a query written out once (SESSION_ENGINE).

Every signed-in request reads its session, most of them for a page served from the cache in a
few milliseconds; the ORM takes longer to build this lookup than the database takes to answer
it, and a raw() query longer to turn its row into a model than to fetch it. Everything else
(saving, expiry, `clearsessions`, the async methods) is Django's own.
"""

import functools

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


@functools.cache
def _read_sql(model, alias):
    quote = connections[alias].ops.quote_name
    return (
        f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)} "
        f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
    )


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        # The time as the ORM would send it for expire_date (naive UTC text on SQLite).
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_read_sql(model, alias), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            # An unknown or expired key, as in Django's store: saving makes a new one.
            self._session_key = None
            return None
        # Django's store reads only the data of what it returns (SessionStore.load).
        return model(session_key=self.session_key, session_data=row[0])

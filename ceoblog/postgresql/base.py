"""Django's PostgreSQL backend, with a cheaper health check and quicker reading of dates.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query of each request on a
kept connection: a round trip on every page, most of them served from the page cache in a few
milliseconds (docs/performance.md). A healthy connection between two requests has nothing to read;
one the server has ended (a restart, `pg_terminate_backend`, an idle timeout) has the server's
goodbye or the socket's end waiting. So the check first looks at the socket, without waiting, and
sends `SELECT 1` only when something is there, or when the connection is not plainly idle.
It also reads dates with psycopg's compiled loader (timestamps.py). Everything else is Django's
own backend.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus

from ceoblog.postgresql.timestamps import with_quick_tz_loader


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["context"] = with_quick_tz_loader(params["context"], self.timezone)
        return params

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and self._idle_and_quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _idle_and_quiet(self):
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable

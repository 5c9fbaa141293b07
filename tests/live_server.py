"""The server the browser tests talk to: Django's live server, made safe on SQLite in memory.

There the test database exists once, in memory, and the server's threads share the test's
connection to it (tests/conftest.py makes the database before it starts the server, as Django's
LiveServerTestCase does). Two of them using it at once (a reloaded writing screen and its
autosave beacon; a test reading what a screen saved while the screen's timers still write) mixed
one's statements into the other's transaction: a foreign key failed, a transaction broke, or the
test hung. Before the database was made first, each thread opened a connection of its own to
the same memory ("shared cache"), where a table one writes is locked to the others at once,
without the wait a database file allows ("database table is locked"). So on SQLite in memory
they take turns: the server answers one request at a time, and each of the test's queries waits
until no request is being answered. On PostgreSQL the server answers requests together, as
Django makes it, and nothing waits.

The test's turn covers the query, not the reading of its rows and closing of its cursor, which
Django does after: a request answered in that instant can still fail to commit ("SQL statements
in progress"; a test writing and reading in a loop while 40 autosaves arrived saw it once in a
CI run). Leave a writing screen (`leave_quietly`) before reading what it saved.
"""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection

# Held by the server while Django answers a request, and by the test for each of its queries.
_TURN = threading.RLock()


def uses_sqlite_in_memory():
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


class OneRequestAtATimeOnSQLiteInMemory(ThreadedWSGIServer):
    """Django's threaded test server, answering one request at a time on SQLite in memory.

    The turn is held while Django answers, not while the answer is sent, so a browser that stops
    reading a long video holds up nobody.
    """

    def set_app(self, application):
        def one_at_a_time_in_memory(environ, start_response):
            if uses_sqlite_in_memory():
                with _TURN:
                    return application(environ, start_response)
            return application(environ, start_response)

        super().set_app(one_at_a_time_in_memory)


def after_the_servers_turn(execute, sql, params, many, context):
    """Run a query once the live server is answering no request (a database execute wrapper)."""
    if not uses_sqlite_in_memory():
        return execute(sql, params, many, context)
    with _TURN:
        return execute(sql, params, many, context)

"""The server the browser tests talk to: Django's live server, made safe on SQLite in memory.

There the server's threads and the test use the test database together, and two of them writing
at once (a reloaded writing screen and its autosave beacon; a test reading what a screen saved
while the screen's timers still write) failed either way it can go: if the database was made
before the server started, every thread shares the test's one connection, and one thread's
statements land in another's transaction; if not (the session's first test is a browser test),
each thread opens its own connection to the same memory ("shared cache"), where a table one
writes is locked to the others at once, without the wait a database file allows ("database
table is locked"). So on SQLite in memory they take turns: the server answers one request at a
time, and each of the test's queries waits until no request is being answered. On PostgreSQL
the server answers requests together, as Django makes it, and nothing waits.
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

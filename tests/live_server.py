"""The server the browser tests talk to: Django's live server, made safe on SQLite in memory."""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection


class OneRequestAtATimeOnSQLiteInMemory(ThreadedWSGIServer):
    """Django's threaded test server, answering one request at a time on SQLite in memory.

    pytest-django starts the server before the test database exists, so its threads do not share
    the test's connection: each opens its own to the same database in memory ("shared cache"),
    where a table written through one connection is locked to the others at once, without the
    wait a database file allows. Two requests writing together, as a reloaded writing screen and
    its autosave beacon do, then failed with "database table is locked". On PostgreSQL the
    server answers requests together, as Django makes it.

    The lock is held while Django answers, not while the answer is sent, so a browser that stops
    reading a long video holds up nobody.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time_in_memory(environ, start_response):
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                with lock:
                    return application(environ, start_response)
            return application(environ, start_response)

        super().set_app(one_at_a_time_in_memory)

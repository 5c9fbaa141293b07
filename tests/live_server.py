"""The server the browser tests talk to: Django's live server, made safe on SQLite in memory."""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection


class OneRequestAtATimeOnSQLiteInMemory(ThreadedWSGIServer):
    """Django's threaded test server, answering one request at a time on SQLite in memory.

    There its threads use the test database together, and two requests writing at once (a
    reloaded writing screen and its autosave beacon) failed either way it can go: if the
    database was made before the server started, every thread shares the test's one connection,
    and one request's statements land in another's transaction; if not (the session's first test
    is a browser test), each thread opens its own connection to the same memory ("shared
    cache"), where a table one writes is locked to the others at once, without the wait a
    database file allows ("database table is locked"). On PostgreSQL the server answers
    requests together, as Django makes it.

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

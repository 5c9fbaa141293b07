"""The request being answered, so code far from the view can record where an action came from.

Each request (and each audit_scope() outside one) also keeps the audit rows already written for
each object, so that one click writes one row (audit.services.record).
"""

import contextlib
from contextvars import ContextVar

_current_request = ContextVar("audit_current_request", default=None)
_current_rows = ContextVar("audit_current_rows", default=None)


def current_request():
    return _current_request.get()


def current_rows():
    """Return {(content type id, object id): row} for the request or scope, or None outside."""
    return _current_rows.get()


@contextlib.contextmanager
def audit_scope():
    """Make what is recorded inside one row per object, as a request does; nests into one."""
    if _current_rows.get() is not None:
        yield
        return
    token = _current_rows.set({})
    try:
        yield
    finally:
        _current_rows.reset(token)


class AuditContextMiddleware:
    """Remember the request for audit.record(); forget it when the response is made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        rows = _current_rows.set({})
        try:
            return self.get_response(request)
        finally:
            _current_rows.reset(rows)
            _current_request.reset(token)

"""The request being answered, so code far from the view can record where an action came from."""

from contextvars import ContextVar

_current_request = ContextVar("audit_current_request", default=None)


def current_request():
    return _current_request.get()


class AuditContextMiddleware:
    """Remember the request for audit.record(); forget it when the response is made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)

from django.utils.functional import SimpleLazyObject

from pagecache.holes import CSRF, csrf_token_for, markers_of


def shared_csrf(request):
    """Put the CSRF token in templates: a marker in pages rendered for every reader, else one
    token for the whole response (pagecache.holes.csrf_token_for) in place of Django's own."""
    markers = markers_of(request)
    if markers is not None:
        return {"csrf_token": markers.marker(CSRF)}
    return {"csrf_token": SimpleLazyObject(lambda: csrf_token_for(request))}

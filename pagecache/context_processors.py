from pagecache.holes import CSRF, markers_of


def shared_csrf(request):
    """Put a marker in place of the CSRF token in pages rendered for every reader."""
    markers = markers_of(request)
    if markers is not None:
        return {"csrf_token": markers.marker(CSRF)}
    return {}

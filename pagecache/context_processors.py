from pagecache.holes import CSRF_PLACEHOLDER, is_rendering_shared


def shared_csrf(request):
    """Put a placeholder in place of the CSRF token in pages rendered for every reader."""
    if is_rendering_shared(request):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}

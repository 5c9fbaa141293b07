"""Serve reader pages from a cache shared by every reader, and answer 304 when nothing changed."""

import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag, urlencode

from pagecache import single_render
from pagecache.holes import Markers, csrf_token_for, fill_page
from pagecache.recent import recent_get, recent_set
from pagecache.version import content_version, live_version

# The stored form's version: a page is stored split at its markers (pagecache/holes.py) since 2;
# a server of another version never reads a page stored in a form it does not know.
_KEY_PREFIX = "pagecache:page:2:"

# Headers that belong to one response or one user, never to the stored page.
_NOT_STORED = {"set-cookie", "vary", "content-length", "cache-control", "etag", "last-modified"}


def _audience(user):
    # Pages may show staff-only links (moderation, editing) outside the per-user holes.
    if not user.is_authenticated:
        return "anonymous"
    return "staff" if user.is_staff else "reader"


def _digest(*parts):
    return hashlib.blake2b("\x1f".join(str(part) for part in parts).encode(), digest_size=16)


def _csrf_secret(request):
    # The page carries a token derived from this secret; a new visitor gets one made here.
    if "CSRF_COOKIE" not in request.META:
        csrf_token_for(request)
    return request.META.get("CSRF_COOKIE", "")


def _page_address(request, parameters):
    """Return the host, path and the query parameters the view reads, in a fixed order.

    Any other parameter (`?utm_source=...`, `?x=<random>`) gives the same page, so the same key.
    """
    query = urlencode(
        [(name, request.GET.getlist(name)) for name in sorted(parameters) if name in request.GET],
        doseq=True,
    )
    return f"{request.get_host()}{request.path}?{query}"


class PageCacheMiddleware:
    """Cache the views in CEOBLOG_PAGE_CACHE_VIEWS by content version, address and audience.

    The address is the host, the path and only the query parameters the view reads (named in
    CEOBLOG_PAGE_CACHE_VIEWS).

    Place it last in MIDDLEWARE, after authentication and LoginRequiredMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_pagecache_key", None)
        if key is None:
            return response
        markers = request._pagecache_markers
        # Per-user parts are rendered for this request from here on, not marked.
        request._pagecache_markers = None
        try:
            if response.streaming:
                return response
            pieces = markers.split(response.content.decode(response.charset))
            if self._storable(response):
                headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
                stored = (response.status_code, headers, pieces)
                recent_set(key, stored, settings.CEOBLOG_PAGE_CACHE_SECONDS)
                self._add_validators(request, response)
        finally:
            if request._pagecache_claimed:
                # Requests waiting for the page now find it stored, or render it themselves.
                single_render.release(key)
        response.content = fill_page(pieces, request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._applies(request):
            return None
        token, changed_at = content_version(request)
        user = request.user
        address = _page_address(
            request, settings.CEOBLOG_PAGE_CACHE_VIEWS[request.resolver_match.view_name]
        )
        etag, last_modified = self._validators(request, token, changed_at, address)
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp())
        )
        if not_modified is not None:
            self._add_validators(request, not_modified)
            return not_modified
        key = _KEY_PREFIX + _digest(token, _audience(user), address).hexdigest()
        stored = recent_get(key)
        claimed = None
        if stored is None:
            claimed = single_render.claim(key)
            if claimed is False:
                # Another request, here or on another server, is rendering this very page.
                stored = single_render.wait_for(key)
        if stored is not None:
            status, headers, pieces = stored
            response = HttpResponse(fill_page(pieces, request), status=status)
            for name, value in headers:
                response[name] = value
            self._add_validators(request, response)
            return response
        # A miss: render per-user parts as markers, random for this render, so the page can be
        # shared once stored.
        request._pagecache_markers = Markers()
        request._pagecache_key = key
        request._pagecache_claimed = claimed is True
        return None

    def _applies(self, request):
        if not settings.CEOBLOG_PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return False
        match = request.resolver_match
        if match is None or match.view_name not in settings.CEOBLOG_PAGE_CACHE_VIEWS:
            return False
        # A pending message ("Your comment was sent") is for this user only.
        return len(get_messages(request)) == 0

    def _validators(self, request, token, changed_at, address):
        user = request.user
        # The parts filled per request (reaction counts, the reader's own) change validators too.
        live_token, live_changed_at = live_version(request)
        etag = _digest(
            token, live_token, _audience(user), user.pk, _csrf_secret(request), address
        ).hexdigest()
        last_login = getattr(user, "last_login", None)
        last_modified = max(changed_at, live_changed_at, last_login or changed_at)
        request._pagecache_validators = (quote_etag(etag), last_modified)
        return request._pagecache_validators[0], last_modified

    def _add_validators(self, request, response):
        etag, last_modified = request._pagecache_validators
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        # Browsers keep the page but ask every time; shared proxies never keep it.
        patch_cache_control(response, private=True, no_cache=True)

    def _storable(self, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(word in cache_control for word in ("no-cache", "no-store", "private"))

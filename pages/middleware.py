"""Site pages answer the addresses no view does, as Django's flatpages fallback does.

A page lives at any address of words between slashes (an old blog's /about/, /about/team/), so
it cannot be a URL pattern: a pattern that takes every such address would make Django's
APPEND_SLASH send every unknown address without its slash to another 404. Instead, a response
of 404 is replaced by the published page at that address, if there is one.
"""

import re

from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from pages.models import Page
from pages.views import page_response

# What a page's address may be (pages.models.validate_page_path): no query for anything else.
PAGE_PATH = re.compile(r"/(?:[-\w]+/)+")


class PageFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        path = request.path_info
        if PAGE_PATH.fullmatch(path):
            page = _published_page(path)
            if page is not None:
                return page_response(request, page)
        elif settings.APPEND_SLASH and PAGE_PATH.fullmatch(path + "/"):
            page = _published_page(path + "/")
            if page is not None:
                return HttpResponsePermanentRedirect(page.get_absolute_url())
        return response


def _published_page(path):
    return Page.objects.filter(path=path, is_published=True).first()

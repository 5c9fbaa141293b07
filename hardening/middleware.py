"""Guards the site adds around Django: each answers a gap in Django or a browser default.

Each one says which Django ticket (or none found) it answers and when it can go. Before taking
one out, run tests/test_accounts_security.py and tests/test_site_hostile_input.py against the new
Django without it in settings.MIDDLEWARE: they send what each guard stops.
"""

import functools
import http

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.apps import apps
from django.conf import settings
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import FieldDoesNotExist
from django.core.signals import setting_changed
from django.http import (
    HttpResponseBadRequest,
    HttpResponseNotFound,
    HttpResponseRedirect,
    QueryDict,
)
from django.urls import reverse


# Django ticket: none; Django's SecurityMiddleware sends no Permissions-Policy header. Can go when
# it does (or when nginx sends the header for every response, deploy/nginx.conf).
class PermissionsPolicyMiddleware:
    """Switch off browser features the blog never uses (camera, location, payment...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.CEOBLOG_PERMISSIONS_POLICY)
        return response


def admin_model(path):
    """Return the model an admin address is about (/admin/<app>/<model>/...), or None."""
    prefix = reverse("admin:index")
    parts = path.removeprefix(prefix).split("/") if path.startswith(prefix) else []
    try:
        return apps.get_model(parts[0], parts[1]) if len(parts) > 2 else None
    except LookupError:
        return None


def to_field_fails_admin(path, to_field):
    """Return whether Django's admin would fail on this _to_field, rather than refuse it."""
    if to_field == "":
        # ModelAdmin only validates a non-empty _to_field, then looks up a field named "".
        return True
    model = admin_model(path)
    if model is None:
        return False
    try:
        field = model._meta.get_field(to_field)
    except FieldDoesNotExist:
        return False  # refused by the admin itself
    # A reverse relation (a user's "posts") is found by name but has no primary_key, which the
    # admin reads.
    return not hasattr(field, "primary_key")


# Django ticket: none found (searched December 2026). ModelAdmin.to_field_allowed() is skipped for
# an empty _to_field, and get_field() finds reverse relations, which have no primary_key: both
# raise a 500. Can go when Django's admin refuses these itself (DisallowedModelAdminToField, a
# 400): check with tests/test_site_hostile_input.py and this middleware taken out.
class AdminToFieldMiddleware:
    """Answer 400 to an admin address with a _to_field that Django's admin fails on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = {request.GET.get(TO_FIELD_VAR), request.POST.get(TO_FIELD_VAR)} - {None}
        if any(to_field_fails_admin(request.path_info, to_field) for to_field in sent):
            return HttpResponseBadRequest("_to_field must name a field.")
        return self.get_response(request)


# Django ticket 37357 (fixed in Django's main branch in September 2026, not in 5.2): the admin's
# date drill-down builds a date from these and answers 500 to a year it cannot add a year to, or
# a number too big for a date at all. Can go once the Django in use has that fix.
DATE_PART_RANGES = {"__year": range(1, 9999), "__month": range(1, 13), "__day": range(1, 32)}


def date_part_is_possible(key, value):
    for suffix, possible in DATE_PART_RANGES.items():
        if key.endswith(suffix):
            try:
                return int(value) in possible
            except ValueError:
                return True  # Django's admin refuses a word itself
    return True


class AdminDateDrillDownMiddleware:
    """Send an impossible year, month or day in an admin list back as a bad filter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")) and not all(
            date_part_is_possible(key, value)
            for key, values in request.GET.lists()
            for value in values
        ):
            # The admin's own answer to a filter it cannot apply: the list, with a warning.
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return self.get_response(request)


# Django ticket: none; Django leaves NUL characters to the application (its forms refuse them,
# ProhibitNullCharactersValidator, ticket 28201, but URL arguments and query strings reach the
# database as sent) and psycopg refuses them with a ValueError. Stays while ceoblog runs on
# PostgreSQL.
class NulCharacterMiddleware:
    """Keep NUL characters, which mean nothing in an address, away from the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # PostgreSQL refuses to compare text with a NUL in it, so any view looking up a slug,
        # token or search with one would answer 500.
        if "\x00" in request.path:
            return HttpResponseNotFound("No page has a NUL character in its address.")
        sent = (text for key, values in request.GET.lists() for text in (key, *values))
        if any("\x00" in text for text in sent):
            # In the query, as the search box always did: drop them and carry on. Encoded, a NUL
            # is always exactly "%00".
            request.GET = QueryDict(request.GET.urlencode().replace("%00", ""))
        return self.get_response(request)


# Not a gap in Django: a cost of django-csp (4.0), which builds both headers from the settings
# for every response, copying every part first (dataclasses.asdict): about 70 microseconds of a
# page served from the cache in 1.8 ms, the most of any middleware. Can go when django-csp builds
# a policy that nothing changes once, or when Django's own ContentSecurityPolicyMiddleware (new in
# Django 6.0) replaces django-csp.
class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the settings' own policy built once, not for each response.

    A response that brings nothing of its own to the policy (no config, update or replace, no
    nonce asked for), which is every reader page, gets the same headers each time: they are
    built once per settings and set as django-csp sets them. Any other response (the post
    editor's, with its nonce) goes through django-csp itself.
    """

    def process_response(self, request, response):
        own = (
            self.get_policy_parts(request=request, response=response),
            self.get_policy_parts(request=request, response=response, report_only=True),
        )
        if own != (PolicyParts(), PolicyParts()):
            return super().process_response(request, response)
        debug_page = (http.HTTPStatus.INTERNAL_SERVER_ERROR, http.HTTPStatus.NOT_FOUND)
        if settings.DEBUG and response.status_code in debug_page:
            return response
        for header, policy, exempt, excluded_prefixes in settings_policies():
            if (
                policy
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(excluded_prefixes)
            ):
                response[header] = policy
        if getattr(request, "_csp_nonce", None) is None:
            # As django-csp: a nonce asked for after the header is written would be in no policy.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@functools.cache
def settings_policies():
    """Return (header, policy, exemption attribute, excluded prefixes) of both policies."""
    return tuple(
        (
            header,
            build_policy(report_only=report_only),
            exempt,
            tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()),
        )
        for header, report_only, exempt, setting in (
            (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        )
    )


def _policy_settings_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        settings_policies.cache_clear()


setting_changed.connect(_policy_settings_changed)

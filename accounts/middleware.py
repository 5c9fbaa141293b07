"""Middleware: trusted-proxy header sign-in, Permissions-Policy, guards for the admin's input."""

import ipaddress
import logging

from django.apps import apps
from django.conf import settings
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth import get_user_model
from django.contrib.auth.middleware import RemoteUserMiddleware
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.http import (
    HttpResponseBadRequest,
    HttpResponseNotFound,
    HttpResponseRedirect,
    QueryDict,
)
from django.urls import reverse

from accounts.backends import header_may_sign_in

logger = logging.getLogger(__name__)


def meta_key_for_header(header):
    """Return the request.META key of an HTTP header named as sent (X-Remote-User) or in META."""
    name = header.strip().upper().replace("-", "_")
    return name if name.startswith("HTTP_") or name == "REMOTE_USER" else f"HTTP_{name}"


def parse_networks(values):
    try:
        return [ipaddress.ip_network(value, strict=False) for value in values]
    except ValueError as exc:
        raise ImproperlyConfigured(f"CEOBLOG_TRUSTED_PROXIES: {exc}") from exc


class TrustedProxyRemoteUserMiddleware(RemoteUserMiddleware):
    """Sign in the user named in a proxy's header, believing it only from a trusted proxy."""

    # Sync only: the site runs under WSGI, and the async path reads the header differently.
    async_capable = False

    def __init__(self, get_response):
        super().__init__(get_response)
        self.header = meta_key_for_header(settings.CEOBLOG_REMOTE_USER_HEADER)
        self.trusted_networks = parse_networks(settings.CEOBLOG_TRUSTED_PROXIES)

    def is_from_trusted_proxy(self, request):
        try:
            address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(address in network for network in self.trusted_networks)

    def process_request(self, request):
        if not self.is_from_trusted_proxy(request):
            if self.header in request.META:
                logger.warning(
                    "Ignored %s from %s, which is not a trusted proxy.",
                    self.header,
                    request.META.get("REMOTE_ADDR"),
                )
            return
        name = request.META.get(self.header)
        signed_in_as = request.user.get_username() if request.user.is_authenticated else None
        if name and name != signed_in_as and not self.may_sign_in(name):
            # Refused here, before authenticate(): a refusal there counts as a failed password
            # (django-axes), and a few unknown names would lock header sign-in out for everyone.
            logger.warning(
                "Header sign-in refused for %r from %s: no such account here, or one that may "
                "not sign in by header.",
                name[:150],
                request.META.get("REMOTE_ADDR"),
            )
            if signed_in_as is not None:
                # The proxy now vouches for someone else: end a session the header started.
                self._remove_invalid_user(request)
            return
        super().process_request(request)

    def may_sign_in(self, name):
        model = get_user_model()
        return header_may_sign_in(model.objects.filter(**{model.USERNAME_FIELD: name}).first())


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


class AdminToFieldMiddleware:
    """Answer 400 to an admin address with a _to_field that Django's admin fails on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = {request.GET.get(TO_FIELD_VAR), request.POST.get(TO_FIELD_VAR)} - {None}
        if any(to_field_fails_admin(request.path_info, to_field) for to_field in sent):
            return HttpResponseBadRequest("_to_field must name a field.")
        return self.get_response(request)


# The admin's date drill-down builds a date from these; Django (up to its fix for ticket 37357)
# answers 500 to a year it cannot add a year to, or a number too big for a date at all.
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

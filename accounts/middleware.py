"""Middleware: sign-in with the name a trusted proxy puts in a header."""

import ipaddress
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.middleware import RemoteUserMiddleware
from django.core.exceptions import ImproperlyConfigured

from accounts.backends import header_may_sign_in
from readership.services import directorate_set

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
        directorate = settings.CEOBLOG_REMOTE_USER_DIRECTORATE_HEADER
        self.directorate_header = meta_key_for_header(directorate) if directorate else ""

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
        if (
            self.directorate_header
            and request.user.is_authenticated
            and request.user.get_username() != signed_in_as
        ):
            # Signed in by the header just now: the proxy's directorate header, if it sends one.
            directorate_set(user=request.user, name=request.META.get(self.directorate_header, ""))

    def may_sign_in(self, name):
        model = get_user_model()
        return header_may_sign_in(model.objects.filter(**{model.USERNAME_FIELD: name}).first())

"""The address a request really came from, believing forwarded headers only from trusted proxies."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=8)
def trusted_networks(values):
    try:
        return tuple(ipaddress.ip_network(value, strict=False) for value in values)
    except ValueError as exc:
        raise ImproperlyConfigured(f"CEOBLOG_TRUSTED_PROXIES: {exc}") from exc


def _parse(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(request):
    """Return the client's IP address as a string, or "" when none can be read.

    X-Forwarded-For is read from the right: each hop added by a trusted proxy is skipped, and the
    first address a trusted proxy did not add is the client. A client cannot pretend to be someone
    else by sending the header itself: what it sends is to the left of what our proxies add.
    """
    networks = trusted_networks(tuple(settings.CEOBLOG_TRUSTED_PROXIES))
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    address = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and any(address in network for network in networks):
        for hop in reversed(forwarded.split(",")):
            parsed = _parse(hop)
            if parsed is None:
                break
            address = parsed
            if not any(parsed in network for network in networks):
                break
    return str(address)

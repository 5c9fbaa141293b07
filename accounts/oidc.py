"""The OpenID Connect provider's settings: endpoints from its discovery document, roles by group."""

import logging
import threading
import time

import requests
from django.conf import settings
from mozilla_django_oidc.utils import import_from_settings

logger = logging.getLogger(__name__)

# mozilla-django-oidc reads each endpoint as a setting; ceoblog reads the discovery document.
ENDPOINT_SETTINGS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
ADMIN_ROLE = "admin"
METADATA_MAX_AGE_SECONDS = 3600

_cache = {}
_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be fetched or is not usable."""


def oidc_enabled():
    return bool(getattr(settings, "CEOBLOG_OIDC_ENABLED", False))


def provider_metadata():
    """Return the provider's discovery document, fetched at most once an hour."""
    url = settings.OIDC_DISCOVERY_URL
    with _lock:
        cached = _cache.get(url)
        if cached and time.monotonic() - cached[0] < METADATA_MAX_AGE_SECONDS:
            return cached[1]
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"Could not read {url}: {exc}") from exc
    required = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    missing = [key for key in required if not isinstance(metadata.get(key), str)]
    if missing:
        raise ProviderUnavailable(f"{url} does not name {', '.join(missing)}.")
    with _lock:
        _cache[url] = (time.monotonic(), metadata)
    return metadata


def forget_provider_metadata():
    """Drop the cached discovery documents, so the next sign-in reads them afresh."""
    with _lock:
        _cache.clear()


def oidc_setting(name, *default):
    """Read a mozilla-django-oidc setting, taking endpoints from the discovery document."""
    if name in ENDPOINT_SETTINGS:
        value = provider_metadata().get(ENDPOINT_SETTINGS[name])
        return value if value or not default else default[0]
    return import_from_settings(name, *default)


def roles_for_groups(provider_groups):
    """Return the ceoblog roles that a list of provider groups maps to."""
    role_map = settings.CEOBLOG_OIDC_ROLE_MAP
    return {role_map[group] for group in provider_groups if group in role_map}


def managed_group_names():
    """Return the Django groups whose membership the provider decides."""
    return {role for role in settings.CEOBLOG_OIDC_ROLE_MAP.values() if role != ADMIN_ROLE}

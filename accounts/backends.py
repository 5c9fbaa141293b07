"""Authentication backends: sign-in lockout, single sign-on through OpenID Connect, a trusted
proxy's header, and local passwords (Django's ModelBackend). Every backend loads the signed-in
user from the database on each request, as Django does (no copy is kept anywhere else), with a
query written out once (load_user)."""

import functools
import logging

import jwt
import requests
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend, RemoteUserBackend
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.db import connections, router
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.oidc import ProviderUnavailable, oidc_setting, provider_metadata
from accounts.services import SignOnRefused, user_sign_in_from_claims

logger = logging.getLogger(__name__)

# What can go wrong between ceoblog and the provider; each refuses the sign-in, none is a crash.
SIGN_IN_ERRORS = (
    ProviderUnavailable,
    requests.RequestException,
    jwt.PyJWTError,
    SuspiciousOperation,
    ValidationError,
    PermissionDenied,
)


def load_user(user_id):
    """Return the user whose primary key is user_id, or None: what ModelBackend.get_user reads.

    Every signed-in request loads its user, most of them for a page served from the cache in
    about two milliseconds; the ORM's get() took 0.33 ms of that to build its query and read the
    row, this 0.2 ms. raw() makes the model as the ORM does (each database's conversions
    included), from a statement put together once per user model and database.
    """
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    alias = router.db_for_read(model)
    found = list(model._default_manager.db_manager(alias).raw(_user_sql(model, alias), [pk]))
    return found[0] if found else None


@functools.cache
def _user_sql(model, alias):
    quote = connections[alias].ops.quote_name
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    return (
        f"SELECT {columns} FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )


class UserLoadedOnce:
    """get_user() as ModelBackend's (the account must still be allowed in), through load_user."""

    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class PasswordBackend(UserLoadedOnce, ModelBackend):
    """Local accounts: Django's ModelBackend, loading the signed-in user with load_user."""


class HeaderBackend(UserLoadedOnce, RemoteUserBackend):
    """The user named by a trusted proxy's header (see TrustedProxyRemoteUserMiddleware).

    Only accounts that exist, unless CEOBLOG_REMOTE_USER_CREATE; never a member of staff or an
    administrator, unless CEOBLOG_REMOTE_USER_ALLOW_STAFF: a header is one line of text, and the
    admin is worth a password or the work account.
    """

    @property
    def create_unknown_user(self):
        return settings.CEOBLOG_REMOTE_USER_CREATE

    def user_can_authenticate(self, user):
        # RemoteUserBackend asks this about None too, when no account has the name.
        return user is not None and header_may_sign_in(user)

    def authenticate(self, request, remote_user):
        # A name longer than any account's names nobody, and PostgreSQL would refuse to store it.
        model = get_user_model()
        if (
            remote_user
            and len(remote_user) > model._meta.get_field(model.USERNAME_FIELD).max_length
        ):
            logger.warning("Header sign-in refused: a username of %d characters.", len(remote_user))
            return None
        return super().authenticate(request, remote_user)


def header_may_sign_in(user):
    """Return whether a proxy's header may sign this account in (None: no such account)."""
    if user is None:
        return settings.CEOBLOG_REMOTE_USER_CREATE
    if not user.is_active:
        return False
    return settings.CEOBLOG_REMOTE_USER_ALLOW_STAFF or not (user.is_staff or user.is_superuser)


class LockoutBackend(AxesStandaloneBackend):
    """Refuse every sign-in from a person and address that failed too often (django-axes)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            # Sign-ins made by code (the shell, the test client) have no address to lock out.
            return None
        return super().authenticate(request, username, password, **kwargs)


class OIDCBackend(OIDCAuthenticationBackend):
    """Sign staff in with the provider's ID token, keeping their name and roles up to date."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # The parent reads the endpoints here, which would fetch the discovery document whenever a
        # session is loaded; they are properties below, read only during a sign-in.
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_USER_ENDPOINT", None))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def get_user(self, user_id):
        # As ModelBackend: a deactivated account (a leaver) is signed out on its next request.
        user = load_user(user_id)
        return user if user is not None and user.is_active else None

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: a code and state pasted into the sign-in form's
        # address must not start a token exchange.
        if request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SignOnRefused as exc:
            logger.warning("Single sign-on refused: %s", exc)
            # The callback view says so in words (accounts.views.SignInCallbackView).
            request.ceoblog_account_closed = True
            return None
        except SIGN_IN_ERRORS as exc:
            logger.warning("Single sign-on refused: %s", exc)
            return None

    def get_userinfo(self, access_token, id_token, payload):
        if not self.OIDC_OP_USER_ENDPOINT:
            return {}
        return super().get_userinfo(access_token, id_token, payload)

    def get_or_create_user(self, access_token, id_token, payload):
        if payload.get("iss") != provider_metadata()["issuer"]:
            raise SuspiciousOperation(
                f"ID token issued by {payload.get('iss')!r}, not the provider."
            )
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token was not issued for this site.")
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo and userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("User info describes someone else than the ID token.")
        return user_sign_in_from_claims(issuer=payload["iss"], claims={**payload, **userinfo})

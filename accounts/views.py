"""Sign-in, sign-out, single sign-on and authorised media files."""

import logging
from math import ceil
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts.forms import SignInForm
from accounts.lockout import lockout_for
from accounts.oidc import ProviderUnavailable, oidc_enabled, oidc_setting, provider_metadata
from photos.serving import media_file_path, media_file_response
from posts.media_access import media_file_readable

logger = logging.getLogger(__name__)

SIGN_IN_FAILED = (
    "Signing in with your work account did not work. Please try again; if it keeps happening, "
    "contact the IT service desk."
)
ACCOUNT_CLOSED = (
    "Your account on this blog has been closed, so you cannot sign in. If you think this is a "
    "mistake, contact the IT service desk."
)
PROVIDER_UNAVAILABLE = (
    "Signing in with your work account is not available at the moment. Please try again in a "
    "few minutes."
)
# Browsers show these inline; any other upload (an SVG, an HTML page) is sent as a download, so
# that a file cannot run script in the blog's origin.


class SignInView(LoginView):
    """Offer the work account first and the local form for a break-glass administrator."""

    redirect_authenticated_user = True
    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(oidc_enabled=oidc_enabled(), **kwargs)


@method_decorator(login_not_required, name="dispatch")
class SignInStartView(OIDCAuthenticationRequestView):
    """Send the browser to the provider's sign-in page with a fresh state, nonce and PKCE."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs):
        # The parent reads the provider's endpoints here; get() reads them, and copes with failure.
        View.__init__(self, **kwargs)

    def get(self, request):
        if not oidc_enabled():
            raise Http404("Single sign-on is not set up on this site.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable as exc:
            logger.error("Single sign-on unavailable: %s", exc)
            messages.error(request, PROVIDER_UNAVAILABLE)
            return HttpResponseRedirect(resolve_url("login"))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class SignInCallbackView(OIDCAuthenticationCallbackView):
    """Finish a single sign-on; a forged, replayed or refused answer ends at the sign-in page."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not oidc_enabled():
            raise Http404("Single sign-on is not set up on this site.")
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            # An unknown state: a forged callback, or one already used.
            logger.warning("Single sign-on callback refused: %s", exc)
            return self.login_failure()

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE)

    def login_failure(self):
        closed = getattr(self.request, "ceoblog_account_closed", False)
        messages.error(self.request, ACCOUNT_CLOSED if closed else SIGN_IN_FAILED)
        return super().login_failure()


def provider_logout_url(request, id_token):
    """Return the provider's address that ends its session too, or "" when it has none."""
    try:
        endpoint = provider_metadata().get("end_session_endpoint")
    except ProviderUnavailable as exc:
        logger.warning("Signed out locally only: %s", exc)
        return ""
    if not isinstance(endpoint, str) or not endpoint:
        return ""
    query = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url("login")),
    }
    if id_token:
        query["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(query)}"


@login_not_required
@require_POST
def sign_out(request):
    """End the session here and, where the user came by single sign-on, at the provider."""
    id_token = request.session.get("oidc_id_token")
    came_by_sso = bool(id_token)
    auth.logout(request)
    destination = provider_logout_url(request, id_token) if came_by_sso and oidc_enabled() else ""
    return HttpResponseRedirect(destination or resolve_url(settings.LOGOUT_REDIRECT_URL))


def locked_out(request, original_response=None, credentials=None):
    """Explain a sign-in lockout in the site's own page (AXES_LOCKOUT_CALLABLE)."""
    lockout = lockout_for(request, credentials)
    minutes = None
    if lockout.until is not None:
        minutes = max(1, ceil((lockout.until - timezone.now()).total_seconds() / 60))
    return render(
        request,
        "accounts/locked_out.html",
        {
            "lockout": lockout,
            "minutes": minutes,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )


def media_file(request, path):
    """Send an uploaded file to someone allowed to see it, or let nginx send it."""
    # Whether a reader must be signed in is LoginRequiredMiddleware's decision, as for pages;
    # which photos they may see is posts.media_access's.
    _, relative = media_file_path(path)
    if not media_file_readable(request.user, relative.as_posix()):
        raise Http404("No such file.")
    return media_file_response(path, request.headers.get("Range", ""))

"""Sessions end after a spell of idleness and at an absolute maximum (ASVS 3.3).

Idle: CEOBLOG_SESSION_IDLE_MINUTES for readers, CEOBLOG_SESSION_STAFF_IDLE_MINUTES for anyone
who may open the admin. Absolute: CEOBLOG_SESSION_MAX_HOURS from signing in, whatever they do.
The time of the last request is written to the session at most once a minute, so a reader's
page view (often straight from the page cache) does not write the session every time.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse

STARTED = "ceoblog_signed_in_at"
SEEN = "ceoblog_seen_at"
# Seconds between two writes of SEEN: idle times are exact to within this.
SEEN_WRITE_SECONDS = 60
# Requests a page makes by itself, which say the page is open, not that anyone is there.
NOT_ACTIVITY = {"editing:presence", "editing:presence-end"}


def session_stamp(sender, request, user, **kwargs):
    """Note when a session began (user_logged_in), for its absolute maximum."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = request.session[SEEN] = now


def connect_session_signals():
    user_logged_in.connect(session_stamp, dispatch_uid="ceoblog-session-stamp")


def idle_limit_seconds(user):
    if user.is_staff or user.is_superuser:
        return settings.CEOBLOG_SESSION_STAFF_IDLE_MINUTES * 60
    return settings.CEOBLOG_SESSION_IDLE_MINUTES * 60


def in_words(seconds):
    minutes = round(seconds / 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def why_expired(user, session, now):
    """Return the sentence that explains why the session is over, or "" while it lasts."""
    started, seen = session.get(STARTED), session.get(SEEN)
    if not isinstance(started, int) or not isinstance(seen, int):
        # A session from before these rules: it starts counting now.
        session[STARTED] = session[SEEN] = now
        return ""
    longest = settings.CEOBLOG_SESSION_MAX_HOURS * 3600
    if now - started >= longest:
        return (
            f"You were signed out because you signed in more than {in_words(longest)} ago. "
            "Please sign in again."
        )
    idle = idle_limit_seconds(user)
    if now - seen >= idle:
        return (
            f"You were signed out because you had not used the site for {in_words(idle)}. "
            "Please sign in again."
        )
    return ""


class SessionTimeoutMiddleware:
    """Sign out a session that was idle too long or began too long ago; say why.

    Place it after AuthenticationMiddleware (and header sign-in) and MessageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = why_expired(user, request.session, int(time.time()))
            if reason:
                logout(request)
                if "application/json" in request.headers.get("Accept", ""):
                    return JsonResponse({"error": reason}, status=401)
                messages.info(request, reason)
                if request.path not in {resolve_url(settings.LOGIN_URL), reverse("logout")}:
                    return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.resolver_match and request.resolver_match.view_name in NOT_ACTIVITY:
            return None
        now = int(time.time())
        seen = request.session.get(SEEN)
        if not isinstance(seen, int) or now - seen >= SEEN_WRITE_SECONDS:
            request.session[SEEN] = now
        return None

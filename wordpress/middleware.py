from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponsePermanentRedirect

from wordpress.redirects import path_target, query_target

# The home page's query parameters that meant something in WordPress.
WORDPRESS_QUERY = {"p", "page_id", "m", "tag", "cat", "s", "feed"}
LOGIN_REQUIRED = "django.contrib.auth.middleware.LoginRequiredMiddleware"


class OldAddressMiddleware:
    """Send the old blog's addresses, kept in intranet pages and emails, to their new homes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        target = path_target(request.path)
        if target is None:
            return response
        if LOGIN_REQUIRED in settings.MIDDLEWARE and not request.user.is_authenticated:
            # Only signed-in staff learn where a post now lives; they come back here after.
            return redirect_to_login(request.get_full_path())
        return HttpResponsePermanentRedirect(target)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Runs after the login check, so only signed-in readers get here when one is required.
        if request.path != "/" or not WORDPRESS_QUERY & set(request.GET):
            return None
        target = query_target(request.GET)
        if target is None:
            if "p" in request.GET:
                raise Http404("No published post had this WordPress ID.")
            return None
        return HttpResponsePermanentRedirect(target)

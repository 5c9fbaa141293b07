from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponsePermanentRedirect

from wordpress.redirects import is_home, moved_page_url, path_target, query_target, within_blog

# The home page's query parameters that meant something in WordPress.
WORDPRESS_QUERY = {"p", "page_id", "attachment_id", "m", "tag", "cat", "s", "feed"}
LOGIN_REQUIRED = "django.contrib.auth.middleware.LoginRequiredMiddleware"


class OldAddressMiddleware:
    """Send the old blog's addresses, kept in intranet pages and emails, to their new homes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or "\x00" in request.path_info:
            return response
        target = path_target(request.path_info)
        relative = None
        if target is None:
            # An old link that still carries the folder the blog lived in (/ceo-blog/...), or
            # WordPress's other home page, /index.php.
            relative = within_blog(request.path_info)
            if relative is None and is_home(request.path_info):
                relative = request.path_info
        if relative is not None:
            if is_home(relative) and WORDPRESS_QUERY & set(request.GET):
                target = query_target(request.GET)
            else:
                target = path_target(relative) or moved_page_url(
                    relative, request.META.get("QUERY_STRING", "")
                )
        if target is None:
            return response
        if LOGIN_REQUIRED in settings.MIDDLEWARE and not request.user.is_authenticated:
            # Only signed-in staff learn where a post now lives; they come back here after.
            return redirect_to_login(request.get_full_path())
        return HttpResponsePermanentRedirect(target)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Runs after the login check, so only signed-in readers get here when one is required.
        # path_info: under FORCE_SCRIPT_NAME, the path after the folder ceoblog is served from.
        if not is_home(request.path_info) or not WORDPRESS_QUERY & set(request.GET):
            return None
        target = query_target(request.GET)
        if target is None:
            if "p" in request.GET:
                raise Http404("No published post had this WordPress ID.")
            return None
        return HttpResponsePermanentRedirect(target)

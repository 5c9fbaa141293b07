from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render

from pages.models import Page, accessibility_statement_get

LOGIN_REQUIRED = "django.contrib.auth.middleware.LoginRequiredMiddleware"


# Open to everyone: staff who cannot sign in must still be able to read how to report it.
@login_not_required
def accessibility_statement(request):
    return render(
        request,
        "pages/accessibility_statement.html",
        {"statement": accessibility_statement_get()},
    )


# Its address pattern takes every unused address: one that holds no page must stay a 404 for
# everyone, as it was, so the sign-in check comes after the page is found.
@login_not_required
def page_detail(request, path):
    page = get_object_or_404(Page, path=f"/{path}/", is_published=True)
    if LOGIN_REQUIRED in settings.MIDDLEWARE and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "pages/page_detail.html", {"page": page})

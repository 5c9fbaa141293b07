from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from pages.models import accessibility_statement_get, privacy_notice_get

LOGIN_REQUIRED = "django.contrib.auth.middleware.LoginRequiredMiddleware"


# Open to everyone: staff who cannot sign in must still be able to read how to report it.
@login_not_required
def accessibility_statement(request):
    return render(
        request,
        "pages/accessibility_statement.html",
        {"statement": accessibility_statement_get()},
    )


# Open to everyone, like the statement: what is kept about staff is no secret from anyone.
@login_not_required
def privacy_notice(request):
    return render(
        request,
        "pages/privacy_notice.html",
        {
            "notice": privacy_notice_get(),
            # Set by IT (docs/it.md): the notice states what the site really does.
            "reads_kept_days": settings.CEOBLOG_READS_KEPT_DAYS,
            "min_group": settings.CEOBLOG_READERSHIP_MIN_GROUP,
        },
    )


def page_response(request, page):
    """Render a published site page (pages.middleware finds it by its address)."""
    # Reached from a 404, which Django's sign-in check lets through: the page checks itself, so
    # an address that holds no page stays a 404 for everyone.
    if LOGIN_REQUIRED in settings.MIDDLEWARE and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "pages/page_detail.html", {"page": page})

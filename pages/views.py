from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from pages.models import accessibility_statement_get


# Open to everyone: staff who cannot sign in must still be able to read how to report it.
@login_not_required
def accessibility_statement(request):
    return render(
        request,
        "pages/accessibility_statement.html",
        {"statement": accessibility_statement_get()},
    )

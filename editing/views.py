"""The addresses the post form's editing script talks to. Each answers JSON, never a page.

They answer 403 rather than redirecting to sign-in, so that a page whose session has ended can
say so and keep what was typed.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from editing.forms import AutosaveForm
from editing.services import (
    autosave_clear,
    autosave_get,
    autosave_save,
    others_editing,
    presence_leave,
    presence_mark,
)
from editing.words import clock, others_sentence, when_in_words
from posts.models import Post

SIGNED_OUT = (
    "You have been signed out, so this was not saved. Sign in again in another tab; "
    "this page keeps what you typed."
)
NOT_ALLOWED = "You do not have permission to edit this post."


def refusal(message, status):
    return JsonResponse({"error": message}, status=status)


def post_for_editing(request, post_id):
    """Return (post, None) if the user may edit the post (None: add one), else (None, refusal)."""
    if not request.user.is_authenticated:
        return None, refusal(SIGNED_OUT, 403)
    post_admin = admin.site.get_model_admin(Post)
    if not admin.site.has_permission(request):
        return None, refusal(NOT_ALLOWED, 403)
    if post_id is None:
        if not post_admin.has_add_permission(request):
            return None, refusal(NOT_ALLOWED, 403)
        return None, None
    # Asked without the post first, so that ids of posts the user may not edit stay unknown.
    if not post_admin.has_change_permission(request):
        return None, refusal(NOT_ALLOWED, 403)
    # Its id is all that is needed, and the body may be long: this is asked every few seconds.
    post = Post.objects.only("pk").filter(pk=post_id).first()
    if post is None:
        return None, refusal("There is no post with this number.", 404)
    if not post_admin.has_change_permission(request, post):
        return None, refusal(NOT_ALLOWED, 403)
    return post, None


def too_big(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return refusal("The request's length is not a number.", 400)
    if length > settings.CEOBLOG_AUTOSAVE_MAX_BYTES:
        return refusal(
            "This post is too long to autosave. Save it with the form's buttons instead.", 413
        )
    return None


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def autosave(request, post_id=None):
    """GET: the user's autosave of the post, for restoring. POST: autosave the form's values."""
    post, refused = post_for_editing(request, post_id)
    if refused:
        return refused
    if request.method == "GET":
        found = autosave_get(user=request.user, post=post)
        if found is None:
            return JsonResponse({"autosave": None})
        when = when_in_words(found.saved_at)
        return JsonResponse(
            {
                "autosave": found.values(),
                "message": f"Restored the autosave from {when}. Save the post to keep it.",
            }
        )
    if refused := too_big(request):
        return refused
    form = AutosaveForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"error": "This could not be autosaved.", "fields": form.errors}, status=400
        )
    values = form.sent_values()
    if not values:
        return refusal("There was nothing to autosave.", 400)
    saved = autosave_save(user=request.user, post=post, values=values)
    return JsonResponse({"message": f"Autosaved at {clock(saved.saved_at)}."})


@login_not_required
@never_cache
@require_POST
def autosave_discard(request, post_id=None):
    post, refused = post_for_editing(request, post_id)
    if refused:
        return refused
    autosave_clear(user=request.user, post=post)
    return JsonResponse({"message": "The autosave was discarded."})


def sent_at_of(request):
    """Return (the page's `sent_at`, None), or (None, a refusal) if it is not a time."""
    value = request.POST.get("sent_at", "")
    if not value:
        return None, None
    if not value.isascii() or not value.isdigit() or len(value) > 15:
        return None, refusal("sent_at must be a time in milliseconds, such as 1767225600000.", 400)
    return int(value), None


@login_not_required
@never_cache
@require_POST
def presence(request, post_id):
    """Record that the user has the post open; answer who else has it open."""
    post, refused = post_for_editing(request, post_id)
    if refused:
        return refused
    sent_at, bad = sent_at_of(request)
    if bad:
        return bad
    presence_mark(user=request.user, post=post, sent_at=sent_at)
    names = others_editing(user=request.user, post=post)
    return JsonResponse({"others": names, "message": others_sentence(names)})


@login_not_required
@never_cache
@require_POST
def presence_end(request, post_id):
    """Forget that the user has the post open: their page has closed."""
    post, refused = post_for_editing(request, post_id)
    if refused:
        return refused
    sent_at, bad = sent_at_of(request)
    if bad:
        return bad
    presence_leave(user=request.user, post=post, sent_at=sent_at)
    return JsonResponse({})

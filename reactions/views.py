from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from posts.models import Post
from reactions.models import Reaction
from reactions.services import reaction_counts, reaction_set

PRESSED = {"true": True, "false": False}
ANCHOR = "reactions"


def _refuse(request, post, message, *, wants_json):
    if wants_json:
        return JsonResponse({"error": message}, status=400)
    context = {"post": post, "message": message}
    return render(request, "reactions/refused.html", context, status=400)


def status_message(reactions, kind, pressed):
    """Say, for the live region, what changed and how many others share the reaction."""
    entry = next(entry for entry in reactions if entry["kind"] == kind)
    if not pressed:
        return f"You took back “{entry['label']}”."
    others = entry["count"] - 1
    if others <= 0:
        return f"You said “{entry['label']}”."
    people = "1 other person" if others == 1 else f"{others} other people"
    return f"You said “{entry['label']}”, with {people}."


@require_POST
def reaction_set_view(request, post_id):
    """Add or take back the reader's reaction, then show the post again at its reactions."""
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    wants_json = request.get_preferred_type(["text/html", "application/json"]) == (
        "application/json"
    )
    kind = request.POST.get("kind", "")
    pressed = PRESSED.get(request.POST.get("pressed", ""))
    if kind not in Reaction.Kind.values:
        return _refuse(
            request, post, "Choose one of the reactions under the post.", wants_json=wants_json
        )
    if pressed is None:
        return _refuse(
            request, post, "Say whether to add the reaction or take it back.", wants_json=wants_json
        )
    reaction_set(post=post, user=request.user, kind=kind, pressed=pressed)
    if wants_json:
        reactions = reaction_counts(post_id=post.pk, user=request.user)
        return JsonResponse(
            {"reactions": reactions, "message": status_message(reactions, kind, pressed)}
        )
    # 303 See Other: the browser fetches the post page, and a reload does not post again.
    response = HttpResponseRedirect(f"{post.get_absolute_url()}#{ANCHOR}")
    response.status_code = 303
    return response

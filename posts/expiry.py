"""Unpublish at: the writing screen's checks of the time a post leaves the blog by itself.

Leaving needs no job: posts.models.published_q compares unpublish_at with the clock, as it does
published_at. Here the form is checked before anything is saved, so a bad time gets a clear
message beside the field instead of an error from the publishing rules.
"""

from datetime import timedelta

from django.utils import timezone

from posts.models import Post, unpublish_too_early_message
from posts.workflow import can_publish
from posts.writing import PUBLISH

ONE_MINUTE = timedelta(minutes=1)
IN_THE_PAST = (
    "Choose a time in the future for the post to leave the blog, or leave Unpublish at empty. "
    "To take the post down now, use Move to drafts."
)
NOT_YOURS = "Only the Communications team can change when a published post leaves the blog."


def _moved(new, old):
    # The form shows whole minutes, so a time sent back unchanged may differ by some seconds.
    if new is None or old is None:
        return new is not old
    return abs(new - old) >= ONE_MINUTE


def check_unpublish_at(*, form, stored):
    """Add errors to the form's unpublish_at for a post being published or updated."""
    if "unpublish_at" in form.errors or "unpublish_at" not in form.fields:
        return
    unpublish_at = form.cleaned_data.get("unpublish_at")
    old = stored.unpublish_at if stored is not None else None
    changed = _moved(unpublish_at, old)
    live = stored is not None and stored.status == Post.Status.PUBLISHED
    if live and form.user is not None and not can_publish(form.user):
        # The box shows them the time without its fields, so an empty one keeps it.
        if unpublish_at is None:
            form.cleaned_data["unpublish_at"] = old
        elif changed:
            form.add_error("unpublish_at", NOT_YOURS)
        return
    if unpublish_at is None:
        return
    now = timezone.now()
    # Publishing means "readers see it now": a time already past would hide it at once. An
    # update of an expired post may leave its time as it is.
    if (changed or form.action == PUBLISH) and unpublish_at <= now:
        form.add_error("unpublish_at", IN_THE_PAST)
        return
    if form.cleaned_data.get("published_at") is not None:
        # Compared with the chosen time by Post.clean, which the form runs next.
        return
    # No time chosen: the post keeps the time it has, or goes out now.
    goes_live = stored.published_at if stored is not None and stored.published_at else now
    if unpublish_at <= goes_live:
        form.add_error("unpublish_at", unpublish_too_early_message(goes_live))

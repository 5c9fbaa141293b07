"""Approval's hooks into publishing: the gate, the publish box, and what saving a post does.

posts never imports this app: these are registered in ApprovalsConfig.ready().
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from approvals import services
from approvals.content import post_fingerprint
from audit.context import current_request
from audit.services import record
from posts import writing
from posts.models import Post

# The writing screen's buttons that approval adds: each is one of the publish box's own buttons
# with this value, so the publishing rules treat it as that button.
SUBMIT_VALUE = "submit"  # on Save draft: save, then ask for approval
APPROVE_VALUE = "approve"  # on Publish or Update, for approvers: approve, then go on


def _request_button(name, value):
    request = current_request()
    if request is None or request.method != "POST":
        return None
    return request if request.POST.get(name) == value else None


def _approving_while_publishing(user, action):
    button = writing.UPDATE if action == "update" else writing.PUBLISH
    return services.can_approve(user) and _request_button(button, APPROVE_VALUE) is not None


def approval_gate(*, post, user, action):
    """Refuse to publish, schedule or change a live post whose content is not approved."""
    if not services.approval_required() or services.approval_state(post).is_approved:
        return
    if _approving_while_publishing(user, action):
        # Recorded once the post is saved (after_post_saved), with what was saved.
        post._approvals_approve_by = user
        return
    if action == "update" and post.pk is not None:
        stored = Post.objects.filter(pk=post.pk).first()
        # Only the tags, comments or pin changed: nothing new goes out in anyone's name.
        if stored is not None and post_fingerprint(stored) == post_fingerprint(post):
            return
    raise ValidationError(services.CHANGED_SINCE if action == "update" else services.NOT_APPROVED)


def approval_box(box, *, post, user, **context):
    """Say the approval state in the publish box; offer Submit instead of Publish until approved."""
    if not services.approval_required():
        return
    state = services.approval_state(post)
    live = box["is_live_or_scheduled"]
    approver = services.can_approve(user)
    extra = {
        "template": "admin/approvals/_publish_box.html",
        "state": state,
        "note": state.step.note if state.step is not None else "",
        "review_url": reverse("admin:approvals_review", args=[post.pk]) if post else "",
        "can_approve": approver,
        "show_submit": False,
        "approve_and": "",
    }
    if not state.is_approved:
        if not live:
            extra["show_submit"] = True
            box["show_publish"] = False
        if approver and box["can_publish"]:
            extra["approve_and"] = "update" if live else "publish"
    # First in the box: where the post stands comes before the checks of its words.
    box["extras"].insert(0, extra)


def remember_saved_content(sender, instance, raw=False, **kwargs):
    """Before a post is saved, note the fingerprint of what is stored."""
    if raw or instance.pk is None:
        instance._approvals_stored_fingerprint = None
        return
    stored = Post.objects.filter(pk=instance.pk).first()
    instance._approvals_stored_fingerprint = post_fingerprint(stored) if stored else None


def after_post_saved(sender, instance, created, raw=False, **kwargs):
    """Record an approval given while publishing, a submission, and keep unapproved changes back."""
    if raw:
        return
    approver = getattr(instance, "_approvals_approve_by", None)
    if approver is not None:
        del instance._approvals_approve_by
        services.approval_approve(
            post=instance, user=approver, note="Approved while publishing.", request=None
        )
    request = _request_button(writing.SAVE_DRAFT, SUBMIT_VALUE)
    if _submitting(request, instance):
        request._approvals_submitted = True
        _, email = services.approval_submit(post=instance, user=request.user, request=request)
        if email is not None:
            messages.success(
                request, "Submitted for approval. The approvers have been emailed a link to it."
            )
        else:
            messages.warning(
                request,
                "Submitted for approval, but nobody is in the Approvers group with an email "
                "address, so nobody was emailed. Ask the site's administrator to add them.",
            )
    _hold_back_unapproved(instance, created)


def _submitting(request, post):
    """Say whether this save is a press of Submit for approval (once per request)."""
    return (
        request is not None
        and not getattr(request, "_approvals_submitted", False)
        and request.user.is_authenticated
        and post.status != Post.Status.PUBLISHED
    )


def _hold_back_unapproved(post, created):
    """A published or scheduled post whose content changed without approval leaves readers.

    Every form and bulk action is refused by the gate first; this catches the other ways of
    saving, such as restoring an earlier version: a scheduled post goes back to drafts, a live
    one is unpublished, and the change is recorded.
    """
    if created or not services.approval_required() or post.status != Post.Status.PUBLISHED:
        return
    stored = getattr(post, "_approvals_stored_fingerprint", None)
    if stored is None or stored == post_fingerprint(post) or services.is_approved(post):
        return
    if post.is_scheduled:
        post.status, post.published_at = Post.Status.DRAFT, None
        words = "Taken off the schedule: its content changed after approval."
    else:
        post.status = Post.Status.UNPUBLISHED
        words = "Unpublished: its content changed after approval."
    post.save(update_fields=["status", "published_at"])
    record("approval.withdrawn", obj=post, message=words)
    request = current_request()
    if request is not None:
        messages.warning(request, f"{words} Submit it for approval again.")

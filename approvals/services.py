"""Submitting, approving and asking for changes; the approval state of a post in words."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from approvals.content import content_fingerprint, post_content
from approvals.models import ApprovalStep
from audit.services import record
from outbox.services import mail_queue
from posts.writing import when_words

APPROVE_PERMISSION = "posts.approve_post"
NOTE_REQUIRED = "Say what needs to change: the team reads your note to revise the post."
NOT_APPROVED = (
    "This post needs approval before it goes out in the chief executive's name: press "
    "Submit for approval, and publish once an approver has approved it."
)
CHANGED_SINCE = (
    "This change needs approval: the title, text, excerpt or photos differ from what was "
    "approved. Ask an approver to approve it, or move the post to drafts and submit it."
)


def approval_required():
    return settings.CEOBLOG_APPROVAL_REQUIRED


def can_approve(user):
    return user.is_active and user.has_perm(APPROVE_PERMISSION)


def latest_step(post):
    if post is None or post.pk is None:
        return None
    return ApprovalStep.objects.filter(post=post).select_related("by").first()


def latest_approval(post):
    if post is None or post.pk is None:
        return None
    return (
        ApprovalStep.objects.filter(post=post, kind=ApprovalStep.Kind.APPROVED)
        .select_related("by")
        .first()
    )


@dataclass
class ApprovalState:
    code: str  # none, waiting, changes_requested, approved, withdrawn
    words: str
    step: ApprovalStep | None = None

    @property
    def is_approved(self):
        return self.code == "approved"


def approval_state(post, *, content=None):
    """Say where the post's current content stands: content defaults to the post in memory."""
    step = latest_step(post)
    if step is None:
        return ApprovalState("none", "Not yet submitted for approval")
    fingerprint = content_fingerprint(content or post_content(post))
    when = when_words(step.at)
    if step.kind == ApprovalStep.Kind.APPROVED:
        if step.fingerprint == fingerprint:
            return ApprovalState("approved", f"Approved by {step.by_name} on {when}", step)
        return ApprovalState("withdrawn", "Approval withdrawn: changed since it was approved", step)
    if step.kind == ApprovalStep.Kind.CHANGES_REQUESTED:
        return ApprovalState("changes_requested", f"Changes requested by {step.by_name}", step)
    return ApprovalState("waiting", f"Waiting for approval since {when}", step)


def is_approved(post):
    return approval_state(post).is_approved


def _step(post, kind, user, note=""):
    content = post_content(post)
    return ApprovalStep.objects.create(
        post=post,
        kind=kind,
        by=user,
        at=timezone.now(),
        note=note.strip(),
        fingerprint=content_fingerprint(content),
        content=content,
    )


def approvers():
    """The people asked to approve: holders of the approve permission through a group or directly.

    Superusers hold every permission but are not asked unless they are in a group that approves.
    """
    perm = Permission.objects.filter(
        content_type__app_label="posts", codename="approve_post"
    ).first()
    return (
        get_user_model()
        .objects.filter(Q(groups__permissions=perm) | Q(user_permissions=perm), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def absolute(path, request=None):
    if settings.CEOBLOG_SITE_URL:
        return settings.CEOBLOG_SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def review_url(post):
    return reverse("admin:approvals_review", args=[post.pk])


@transaction.atomic
def approval_submit(*, post, user, request=None):
    """Ask the approvers to approve the post as it is saved; email them once.

    Return the step and the queued email (None when nobody is in the Approvers group).
    """
    step = _step(post, ApprovalStep.Kind.SUBMITTED, user)
    record("approval.submit", actor=user, obj=post, message="Submitted for approval.")
    preview = absolute(reverse("posts:draft", args=[post.pk]), request)
    review = absolute(review_url(post), request)
    body = (
        f"{step.by_name} has submitted “{post}” for your approval.\n\n"
        f"Read it as readers will see it: {preview}\n"
        f"Approve it or ask for changes: {review}\n"
    )
    return step, mail_queue(
        subject=f"For your approval: {post}",
        body=body,
        to=[person.email for person in approvers()],
        key=f"approval-submitted-{step.pk}",
    )


def _tell_team(*, post, step, request, words):
    submitted = (
        ApprovalStep.objects.filter(post=post, kind=ApprovalStep.Kind.SUBMITTED)
        .select_related("by")
        .first()
    )
    # Whoever decided knows already: an approver publishing their own post is not emailed.
    team = {person for person in (post.created_by, submitted and submitted.by) if person} - {
        step.by
    }
    change = absolute(reverse("admin:posts_post_change", args=[post.pk]), request)
    note = f"\nTheir note:\n{step.note}\n" if step.note else ""
    mail_queue(
        subject=f"{words}: {post}",
        body=f"{step.by_name}: {words.lower()} for “{post}”.\n{note}\nOpen the post: {change}\n",
        to=[person.email for person in team if person.is_active],
        key=f"approval-outcome-{step.pk}",
    )


@transaction.atomic
def approval_approve(*, post, user, note="", request=None):
    """Approve the post's saved content."""
    if not can_approve(user):
        raise PermissionDenied("Only approvers can approve posts.")
    step = _step(post, ApprovalStep.Kind.APPROVED, user, note)
    record("approval.approve", actor=user, obj=post, message=step.note or "Approved.")
    _tell_team(post=post, step=step, request=request, words="Approved")
    return step


@transaction.atomic
def approval_request_changes(*, post, user, note, request=None):
    """Send the post back to the team with a note saying what to change."""
    if not can_approve(user):
        raise PermissionDenied("Only approvers can ask for changes.")
    if not (note or "").strip():
        raise ValidationError({"note": NOTE_REQUIRED})
    step = _step(post, ApprovalStep.Kind.CHANGES_REQUESTED, user, note)
    record("approval.request_changes", actor=user, obj=post, message=step.note)
    _tell_team(post=post, step=step, request=request, words="Changes requested")
    return step


def posts_with_approval_kind():
    """Every post, annotated with the kind of its latest approval step (None if it has none)."""
    from django.db.models import OuterRef, Subquery

    from posts.models import Post

    latest = ApprovalStep.objects.filter(post=OuterRef("pk")).order_by("-at", "-id")
    return Post.objects.annotate(approval_kind=Subquery(latest.values("kind")[:1]))


def posts_in_state(kind):
    return posts_with_approval_kind().filter(approval_kind=kind)

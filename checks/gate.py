"""Refuse to publish, schedule or update a post with accessibility failures no approver overrode."""

import hashlib

from django.core.exceptions import ValidationError
from taggit.utils import parse_tags

from audit.services import record
from checks.analysis import analyse
from checks.models import CheckOverride
from posts.models import Post

APPROVE_PERMISSION = "posts.approve_post"


def analyse_post(post):
    """Check a post as it is in memory (the form's values before they are saved)."""
    tags = []
    if post.pk:
        tags = [tag.name for tag in post.tags.all()]
    return analyse(
        title=post.title,
        body=post.body,
        excerpt=post.excerpt,
        featured_photo=post.featured_photo if post.featured_photo_id else None,
        tags=tags,
    )


def fingerprint(keys):
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()


def overridden_keys(post):
    if not post.pk:
        return set()
    keys = set()
    for override in CheckOverride.objects.filter(post_id=post.pk).only("findings"):
        keys |= override.keys
    return keys


def unresolved_problems(post, *, action="publish"):
    """Return the blocking findings of the post that no override covers.

    Updating a live post refuses only failures the change brings: a post published before these
    checks existed can still have its typing mistakes corrected.
    """
    problems = analyse_post(post).problems
    if not problems:
        return []
    allowed = overridden_keys(post)
    if action == "update" and post.pk:
        stored = Post.objects.filter(pk=post.pk).select_related("featured_photo").first()
        if stored is not None and stored.status == Post.Status.PUBLISHED:
            allowed |= {finding.key for finding in analyse_post(stored).problems}
    return [finding for finding in problems if finding.key not in allowed]


REFUSED = {"publish": "Not published", "schedule": "Not scheduled", "update": "Not updated"}


def refusal_message(problems, action="publish"):
    listed = "; ".join(
        f"{finding.message[:-1]} ({finding.where})" if finding.where else finding.message[:-1]
        for finding in problems
    )
    count = len(problems)
    what = "an accessibility problem" if count == 1 else f"{count} accessibility problems"
    return (
        f"{REFUSED.get(action, REFUSED['publish'])}: the post has {what} to fix first: {listed}. "
        "The Checks part of the "
        "Publish box says how to fix each. An approver can override them, with a reason."
    )


def checks_gate(*, post, user, action):
    """The publish gate (posts.workflow): accessibility failures block, unless overridden."""
    problems = unresolved_problems(post, action=action)
    if problems:
        raise ValidationError(refusal_message(problems, action))


def override_record(*, post, user, reason, problems):
    """Record an approver's override of the problems found, with their reason."""
    findings = [
        {
            "key": finding.key,
            "code": finding.code,
            "message": finding.message,
            "where": finding.where,
        }
        for finding in problems
    ]
    override = CheckOverride.objects.create(
        post=post,
        findings=findings,
        fingerprint=fingerprint(item["key"] for item in findings),
        reason=reason,
        created_by=user,
    )
    listed = "; ".join(f"{item['message']} ({item['where']})" for item in findings)
    record(
        "post.override_checks",
        actor=user,
        obj=post,
        message=f"Overrode the checks: {listed}. Reason: {reason}",
    )
    return override


def tags_from_text(text):
    try:
        return parse_tags(text or "")
    except ValueError:
        return []

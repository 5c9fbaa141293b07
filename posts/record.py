"""A post's record for its History page: who did what to it and when, from the audit log."""

from datetime import timedelta

from django.urls import NoReverseMatch, reverse

from audit.services import events_for

# Django admin's own "changed" row follows the publishing step it belongs to by moments.
SAME_SAVE = timedelta(seconds=5)
NOTHING_CHANGED = "No fields changed."

# The audit log's action codes in the team's words. Codes from other apps (approval, the checks
# before publishing) are named here too, as text, so this module imports none of them.
ACTION_WORDS = {
    "admin.add": "Created",
    "admin.change": "Changed",
    "admin.delete": "Deleted",
    "post.save_draft": "Saved as a draft",
    "post.publish": "Published",
    "post.schedule": "Scheduled",
    "post.update": "Changed while published",
    "post.unpublish": "Unpublished",
    "approval.submit": "Submitted for approval",
    "approval.approve": "Approved",
    "approval.request_changes": "Changes requested",
    "approval.withdrawn": "Held back: changed after approval",
    "check.override": "Overrode a check",
}


def record_rows(post):
    """Return the post's audit rows, newest first, with each action in words."""
    rows = []
    for event in events_for(post).select_related("actor"):
        actor = event.actor
        name = (actor.get_full_name() or actor.get_username()) if actor else event.actor_name
        last = rows[-1] if rows else None
        if event.action == "admin.change" and _same_save(last, event):
            # One save, one row: "Saved as a draft. Changed body."
            if event.message != NOTHING_CHANGED:
                last["message"] = f"{last['message']} {event.message}".strip()
            continue
        rows.append(
            {
                "at": event.at,
                "who": name or "The site",
                "what": ACTION_WORDS.get(event.action, event.action),
                "message": event.message,
                "action": event.action,
                "actor_id": event.actor_id,
            }
        )
    rows.reverse()
    return rows


def _same_save(row, event):
    return (
        row is not None
        and row["action"].startswith("post.")
        and row["actor_id"] == event.actor_id
        and event.at - row["at"] < SAME_SAVE
    )


def audit_log_url(request):
    """Return the audit log's list in the admin, where a person's record exports, if shown there."""
    try:
        url = reverse("admin:audit_auditevent_changelist")
    except NoReverseMatch:
        return ""
    return url if request.user.has_perm("audit.view_auditevent") else ""

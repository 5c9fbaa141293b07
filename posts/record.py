"""A post's record for its History page: who did what to it and when, from the audit log."""

from audit.services import events_for

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
    "approval.withdrawn": "Taken off the schedule: changed after approval",
    "check.override": "Overrode a check",
}


def record_rows(post):
    """Return the post's audit rows, newest first, with each action in words."""
    rows = []
    for event in events_for(post).select_related("actor"):
        actor = event.actor
        name = (actor.get_full_name() or actor.get_username()) if actor else event.actor_name
        rows.append(
            {
                "at": event.at,
                "who": name or "The site",
                "what": ACTION_WORDS.get(event.action, event.action),
                "message": event.message,
            }
        )
    rows.reverse()
    return rows

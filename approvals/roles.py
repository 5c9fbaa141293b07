"""The role that approves what goes out in the chief executive's name.

Collected with every other app's GRANTS by accounts/roles.py.
"""

# The chief executive and their office.
APPROVERS = "Approvers"

GRANTS = {
    # change_post opens the writing screen, where an approver sees the checks before publishing
    # and may override one with a reason, or correct a word before approving.
    APPROVERS: ["posts.view_post", "posts.change_post", "posts.approve_post"],
}

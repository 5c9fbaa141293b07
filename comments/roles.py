"""The roles that moderate comments and reply for the council, and what they may do.

Collected with every other app's GRANTS by accounts/roles.py.
"""

from posts.roles import COMMUNICATIONS

MODERATORS = "Moderators"
OFFICIAL_REPLY = "Official reply"

MODERATE = ["comments.view_comment", "comments.change_comment"]
OPEN_AND_CLOSE = ["posts.view_post", "comments.close_comments"]

GRANTS = {
    # The communications team moderates and closes comments on the posts they write.
    COMMUNICATIONS: [*MODERATE, "comments.close_comments"],
    MODERATORS: [*MODERATE, *OPEN_AND_CLOSE],
    OFFICIAL_REPLY: ["comments.post_official_reply"],
}

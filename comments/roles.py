"""The groups that govern posts and comments, and the permissions each one holds."""

COMMUNICATIONS = "Communications"
MODERATORS = "Moderators"
OFFICIAL_REPLY = "Official reply"

MODERATE = ["comments.view_comment", "comments.change_comment"]
OPEN_AND_CLOSE = ["posts.view_post", "comments.close_comments"]

# Permissions named "app_label.codename". A permission that does not exist yet (posts.publish_post
# arrives with the authoring work) is skipped, so running setup_roles again later adds it.
ROLE_PERMISSIONS = {
    COMMUNICATIONS: [
        "posts.add_post",
        "posts.change_post",
        "posts.delete_post",
        "posts.view_post",
        "posts.publish_post",
        # The post form's author box searches the staff list, which needs sight of users.
        "auth.view_user",
        "photos.add_photo",
        "photos.change_photo",
        "photos.delete_photo",
        "photos.view_photo",
        # The post form's author box searches staff accounts, which needs this; it shows them
        # the list of accounts too, read-only.
        "auth.view_user",
        *MODERATE,
        "comments.close_comments",
    ],
    MODERATORS: [*MODERATE, *OPEN_AND_CLOSE],
    OFFICIAL_REPLY: ["comments.post_official_reply"],
}

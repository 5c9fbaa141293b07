"""The groups that govern posts and comments, and the permissions each one holds."""

from posts.authors import AUTHORS

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
        # Tags: renaming needs change, merging needs change and delete.
        "taggit.add_tag",
        "taggit.change_tag",
        "taggit.delete_tag",
        "taggit.view_tag",
        "photos.add_photo",
        "photos.change_photo",
        "photos.delete_photo",
        "photos.view_photo",
        *MODERATE,
        "comments.close_comments",
    ],
    MODERATORS: [*MODERATE, *OPEN_AND_CLOSE],
    OFFICIAL_REPLY: ["comments.post_official_reply"],
    # The people posts are by (the chief executive): the post form's author list offers them.
    AUTHORS: [],
}

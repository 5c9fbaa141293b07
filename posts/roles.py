"""The roles of the people who write: the groups that hold posts' permissions.

Each app lists, in its own roles.py, the groups that hold its permissions (GRANTS); accounts
(accounts/roles.py) creates the groups and adds the permissions at the end of every migrate.
"""

from posts.authors import AUTHORS

# The communications team: writes, publishes and tags posts, with the photos in them.
COMMUNICATIONS = "Communications"

__all__ = ["AUTHORS", "COMMUNICATIONS", "GRANTS"]

# group name -> permissions "app_label.codename". A permission that does not exist yet is
# skipped (and reported), so running setup_roles again later adds it.
GRANTS = {
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
        # The photos they put in posts (photos sits below posts, so posts names this role).
        "photos.add_photo",
        "photos.change_photo",
        "photos.delete_photo",
        "photos.view_photo",
    ],
    # The people posts are by (the chief executive): the post form's author list offers them.
    AUTHORS: [],
}

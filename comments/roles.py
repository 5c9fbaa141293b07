"""The groups that govern posts and comments, and the permissions each one holds."""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, transaction

from posts.authors import AUTHORS

COMMUNICATIONS = "Communications"
MODERATORS = "Moderators"
OFFICIAL_REPLY = "Official reply"
# The chief executive and their office: they approve what goes out in the chief executive's name.
APPROVERS = "Approvers"

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
        "audiovideo.add_recording",
        "audiovideo.change_recording",
        "audiovideo.delete_recording",
        "audiovideo.view_recording",
        # The document library (issue 15).
        "documents.add_document",
        "documents.change_document",
        "documents.delete_document",
        "documents.view_document",
        *MODERATE,
        "comments.close_comments",
    ],
    MODERATORS: [*MODERATE, *OPEN_AND_CLOSE],
    OFFICIAL_REPLY: ["comments.post_official_reply"],
    # change_post opens the writing screen, where an approver sees the checks before publishing
    # and may override one with a reason, or correct a word before approving.
    APPROVERS: ["posts.view_post", "posts.change_post", "posts.approve_post"],
    # The people posts are by (the chief executive): the post form's author list offers them.
    AUTHORS: [],
}


def roles_set_up(*, using=DEFAULT_DB_ALIAS):
    """Create each role's group and add any permission it lacks; return the ones skipped."""
    # The installed models, not a migration's historical ones: this runs after migrating.
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    missing = []
    with transaction.atomic(using=using):
        for name, wanted in ROLE_PERMISSIONS.items():
            group, _ = group_model.objects.using(using).get_or_create(name=name)
            permissions = []
            for perm in wanted:
                app_label, codename = perm.split(".")
                found = (
                    permission_model.objects.using(using)
                    .filter(content_type__app_label=app_label, codename=codename)
                    .first()
                )
                if found is None:
                    missing.append(perm)
                else:
                    permissions.append(found)
            # Adding, never removing: other parts of the site (and admins) grant these groups more.
            group.permissions.add(*permissions)
    return sorted(set(missing))


def roles_after_migrate(sender, app_config, using=DEFAULT_DB_ALIAS, **kwargs):
    """Set the roles up at the end of every migrate, so no deployment needs setup_roles."""
    # post_migrate is sent once per app, and each app's permissions are created when it is its
    # turn: only at the last app does every permission a role names exist.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and app_config is with_models[-1]:
        roles_set_up(using=using)

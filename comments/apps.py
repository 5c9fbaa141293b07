from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from comments.models import Comment
        from comments.roles import roles_after_migrate
        from pagecache.registry import register

        post_migrate.connect(roles_after_migrate, dispatch_uid="comments.roles_after_migrate")
        # A comment shows on its post and in counts on lists, never in the sidebar. Every save
        # renews: even one held for moderation shows to its author.
        register(Comment, posts=False)

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from comments.roles import roles_after_migrate

        post_migrate.connect(roles_after_migrate, dispatch_uid="comments.roles_after_migrate")

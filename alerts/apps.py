from django.apps import AppConfig


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"
    verbose_name = "Following the blog"

    def ready(self):
        from alerts.conversations import comment_created_notify, comment_shown_notify
        from comments.hooks import comment_created_register, comment_shown_register

        # Emails about replies and new comments (docs/communications.md, "Emails about comments").
        comment_created_register(comment_created_notify)
        comment_shown_register(comment_shown_notify)

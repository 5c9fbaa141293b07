from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ReactionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reactions"
    verbose_name = "Reactions"

    def ready(self):
        from pagecache.version import bump_live_version
        from reactions.models import Reaction

        # No stored page shows reactions: their counts are filled per request from who reacted,
        # cached under the live version. Every row added or deleted, however (a press, a leaver's
        # erased, a deleted account's), renews that version, so the counts and browsers' copies.
        def renew(sender, **kwargs):
            bump_live_version()

        post_save.connect(renew, sender=Reaction, weak=False, dispatch_uid="reactions-saved")
        post_delete.connect(renew, sender=Reaction, weak=False, dispatch_uid="reactions-deleted")

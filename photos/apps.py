from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = "Photo library"

    def ready(self):
        from PIL import Image

        from photos.images import MAX_PIXELS

        # Pillow warns above this many pixels and refuses above twice as many; our own, stricter
        # check refuses anything above it, so the refusal always comes with our message.
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        # After this app's migrations the permissions of posts and photos both exist, so the
        # Communications group can be given them.
        post_migrate.connect(_ensure_groups, sender=self, dispatch_uid="photos_ensure_groups")


def _ensure_groups(**kwargs):
    from posts.workflow import communications_group_ensure

    communications_group_ensure()

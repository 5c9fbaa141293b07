from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = "Photo library"

    def ready(self):
        from PIL import Image

        from photos.images import MAX_PIXELS

        # Pillow warns above this many pixels and refuses above twice as many; our own, stricter
        # check refuses anything above it, so the refusal always comes with our message.
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS

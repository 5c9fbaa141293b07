from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = "Photo library"

    def ready(self):
        from PIL import Image
        from pillow_heif import register_heif_opener

        from photos.images import MAX_PIXELS

        # Pillow warns above this many pixels and refuses above twice as many; our own check
        # refuses anything above it, so the refusal always comes with our message.
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        # iPhones save photos as HEIC; this teaches Pillow to open them (they are stored as JPEG).
        register_heif_opener()

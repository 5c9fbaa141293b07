from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = "Photo library"

    def ready(self):
        from PIL import Image
        from pillow_heif import register_heif_opener

        from pagecache.registry import register
        from photos.images import MAX_PIXELS
        from photos.models import Photo

        # Pillow warns above this many pixels and refuses above twice as many; our own check
        # refuses anything above it, so the refusal always comes with our message.
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        # iPhones save photos as HEIC; this teaches Pillow to open them (they are stored as JPEG).
        register_heif_opener()
        # Pages show a post's featured photo with its alt text, caption and credit, from the
        # library: an edit there renews them. The title and the uploader are the library's own,
        # and a new photo shows nowhere until a post (whose save renews) uses it.
        register(
            Photo,
            fields=("image", "width", "height", "alt_text", "caption", "credit"),
            new_rows=False,
        )

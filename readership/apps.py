from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "readership"
    verbose_name = "Readership"

    def ready(self):
        from posts.writing import publish_box_register
        from readership.links import publish_box_link

        publish_box_register(publish_box_link)

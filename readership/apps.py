from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "readership"
    verbose_name = "Readership"

from django.apps import AppConfig


class HardeningConfig(AppConfig):
    name = "hardening"
    verbose_name = "Site hardening"

    def ready(self):
        # The lookups register themselves on Django's fields when their module is loaded.
        from hardening import lookups  # noqa: F401

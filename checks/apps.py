from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "checks"
    verbose_name = "Checks before publishing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # posts never imports this app: it asks here to be called before each publish and in
        # the writing screen's publish box.
        from checks.gate import checks_gate
        from checks.publish_box import checks_box
        from posts.workflow import publish_gate_register
        from posts.writing import publish_box_register

        publish_gate_register(checks_gate)
        publish_box_register(checks_box)

from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "Audit"

    def ready(self):
        from django.contrib import admin
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from audit import admin_actions, signals
        from audit.services import record_admin_log_entry

        post_save.connect(record_admin_log_entry, sender=LogEntry, dispatch_uid="audit_log_entry")
        signals.connect()
        admin_actions.install(admin.site)

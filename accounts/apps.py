from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        from accounts.roles import roles_after_migrate
        from accounts.sessions import connect_session_signals
        from accounts.usercache import connect_user_cache_signals

        connect_user_cache_signals()
        connect_session_signals()
        # The groups each app grants permissions to (its roles.py), made after every migrate.
        post_migrate.connect(roles_after_migrate, dispatch_uid="accounts.roles_after_migrate")

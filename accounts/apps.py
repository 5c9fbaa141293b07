from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        from accounts import lookups  # noqa: F401  (registers the lookups)
        from accounts.sessions import connect_session_signals
        from accounts.usercache import connect_user_cache_signals

        connect_user_cache_signals()
        connect_session_signals()

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        from django.contrib.auth import get_user_model

        from accounts import lookups  # noqa: F401  (registers the lookups)
        from accounts.sessions import connect_session_signals
        from pagecache.registry import register

        connect_session_signals()
        # Pages show authors' and commenters' names, and authors' addresses: signing in (which
        # writes last_login; single sign-on creates the account, or writes the same name
        # again), a new password or a changed role renews nothing. A new account shows nowhere
        # until its first post or comment, whose own save renews.
        register(get_user_model(), fields=("username", "first_name", "last_name"), new_rows=False)

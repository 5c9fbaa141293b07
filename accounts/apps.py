from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        from django.contrib.auth import get_user_model

        from accounts.roles import roles_after_migrate
        from accounts.sessions import connect_session_signals
        from pagecache.registry import register

        connect_session_signals()
        # Pages show authors' and commenters' names, and authors' addresses: signing in (which
        # writes last_login; single sign-on creates the account, or writes the same name
        # again), a new password or a changed role renews nothing. A new account shows nowhere
        # until its first post or comment, whose own save renews.
        register(get_user_model(), fields=("username", "first_name", "last_name"), new_rows=False)
        # The groups each app grants permissions to (its roles.py), made after every migrate.
        post_migrate.connect(roles_after_migrate, dispatch_uid="accounts.roles_after_migrate")

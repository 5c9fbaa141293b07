"""The third-party apps under the names the team reads in the admin."""

from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.apps import AuthConfig
from taggit.apps import TaggitAppConfig


class CeoblogAdminConfig(AdminConfig):
    """Django's admin, with the site in ceoblog/admin.py as admin.site."""

    default_site = "ceoblog.admin.CeoblogAdminSite"

    def ready(self):
        super().ready()  # every app's admin.py
        # Once every app's parts are loaded: the post admin is made of several (post_admin.py).
        from ceoblog.post_admin import post_admin_register

        post_admin_register(self.module.site)


# The admin heads each app's models with its verbose name; the libraries' own names
# ("Authentication and Authorization", "Axes", "Taggit") mean nothing to the people using it.
class PeopleConfig(AuthConfig):
    verbose_name = "People and roles"


class TagsConfig(TaggitAppConfig):
    verbose_name = "Tags"


class SignInAttemptsConfig(AxesConfig):
    verbose_name = "Sign-in attempts"

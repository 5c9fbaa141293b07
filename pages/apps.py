from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Site pages"

    def ready(self):
        from pagecache.registry import register
        from pages.models import Page

        # Every page lists the published pages at its foot; the sidebar does not.
        register(Page, posts=False, shown=lambda page: page.is_published)

from django.apps import AppConfig


class PagecacheConfig(AppConfig):
    """The shared page cache. Apps register what renews it: see pagecache/registry.py."""

    name = "pagecache"
    verbose_name = "Page cache"

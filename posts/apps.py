from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Blog posts"

    def ready(self):
        from posts.cache_renewal import register_with_page_cache
        from posts.counts import connect_count_signals

        register_with_page_cache()
        connect_count_signals()

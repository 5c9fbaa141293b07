from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Blog posts"

    def ready(self):
        from posts.counts import connect_count_signals

        connect_count_signals()

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from comments.models import Comment, approved_comment_count
        from pagecache.registry import register
        from posts.models import listing_annotation_register

        # A comment shows on its post and in counts on lists, never in the sidebar. Every save
        # renews: even one held for moderation shows to its author.
        register(Comment, posts=False)
        # Lists of posts say how many comments each has (comments/templatetags/comments.py).
        listing_annotation_register("approved_comment_count", approved_comment_count)

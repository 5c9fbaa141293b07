from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from comments.models import approved_comment_count
        from posts.models import listing_annotation_register

        # Lists of posts say how many comments each has (comments/templatetags/comments.py).
        listing_annotation_register("approved_comment_count", approved_comment_count)

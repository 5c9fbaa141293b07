from django.contrib import admin

from comments.admin import PostCommentsAdminMixin
from posts.models import Post


@admin.register(Post)
class PostAdmin(PostCommentsAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "published_at",
        "author",
        "tag_list",
        "is_sticky",
        "comments_open",
        "comments_taken",
    ]
    list_editable = ["comments_open"]
    list_filter = ["status", "published_at", "is_sticky", "tags", "comments_open"]
    actions = ["close_comments", "open_comments"]
    search_fields = ["title", "slug", "body", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    list_select_related = ["author"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "body", "excerpt", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "is_sticky"]}),
        ("Comments", {"fields": ["comments_open", "comments_close_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="Tags")
    def tag_list(self, post):
        return ", ".join(sorted(tag.name for tag in post.tags.all()))

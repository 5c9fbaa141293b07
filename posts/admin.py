from django.contrib import admin
from taggit.models import Tag

from posts.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "author", "tag_list", "is_sticky"]
    list_filter = ["status", "published_at", "is_sticky", "tags"]
    search_fields = ["title", "slug", "body", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    list_select_related = ["author"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "body", "excerpt", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "is_sticky"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="Tags")
    def tag_list(self, post):
        return ", ".join(sorted(tag.name for tag in post.tags.all()))


# taggit's own Tag admin adds a "merge tags" page that any staff member can open, that only knows
# taggit's default through model (posts use TaggedPost), and that fails when opened directly.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

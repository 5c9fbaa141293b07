from django.contrib import admin

from checks.models import CheckOverride


@admin.register(CheckOverride)
class CheckOverrideAdmin(admin.ModelAdmin):
    """The record of overrides: read only, made only from a post's publish box."""

    list_display = ["post", "created_by", "created_at", "reason"]
    list_filter = ["created_at"]
    list_select_related = ["post", "created_by"]
    search_fields = ["post__title", "reason", "created_by__username"]
    readonly_fields = ["post", "findings", "fingerprint", "reason", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

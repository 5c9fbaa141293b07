from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from pages.models import (
    NOTICE_PK,
    STATEMENT_PK,
    AccessibilityStatement,
    Page,
    PrivacyNotice,
    accessibility_statement_get,
    privacy_notice_get,
)


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["introduction", "compliance", "non_accessible_content"]}),
        ("Dates", {"fields": ["prepared_on", "reviewed_on"]}),
    ]

    def has_add_permission(self, request):
        # There is exactly one statement; it is created with the database.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """Open the one statement instead of a list of one."""
        # Answer as the list would: staff who may not see the statement are refused here, not
        # sent on to a page that refuses them.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        accessibility_statement_get()
        return redirect(reverse("admin:pages_accessibilitystatement_change", args=[STATEMENT_PK]))


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    fields = ["body", "reviewed_on"]

    def has_add_permission(self, request):
        # There is exactly one notice; it is created with the database.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """Open the one notice instead of a list of one."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        privacy_notice_get()
        return redirect(reverse("admin:pages_privacynotice_change", args=[NOTICE_PK]))


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "path", "is_published", "order", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "path"]
    fields = ["title", "path", "body", "is_published", "order"]

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

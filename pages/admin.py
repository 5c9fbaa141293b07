from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from pages.models import (
    AccessibilityStatement,
    Page,
    PrivacyNotice,
    accessibility_statement_get,
    privacy_notice_get,
)


class OneRowAdmin(admin.ModelAdmin):
    """The admin of a page the site has exactly one of: no list, no adding, no deleting."""

    # The function that returns the one row, creating it with its default text if missing.
    row_get = None

    def has_add_permission(self, request):
        # There is exactly one; it is created with the database.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """Open the one row instead of a list of one."""
        # Answer as the list would: staff who may not see the page are refused here, not sent
        # on to a page that refuses them.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        row = type(self).row_get()
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(OneRowAdmin):
    row_get = staticmethod(accessibility_statement_get)
    fieldsets = [
        (None, {"fields": ["introduction", "compliance", "non_accessible_content"]}),
        ("Dates", {"fields": ["prepared_on", "reviewed_on"]}),
    ]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(OneRowAdmin):
    row_get = staticmethod(privacy_notice_get)
    fields = ["body", "reviewed_on"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "path", "is_published", "order", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "path"]
    fields = ["title", "path", "body", "is_published", "order"]

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

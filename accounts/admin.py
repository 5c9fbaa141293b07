from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse

from accounts.models import AuditLogEntry
from accounts.services import user_anonymise

User = get_user_model()


@admin.register(AuditLogEntry)
class AuditLogAdmin(admin.ModelAdmin):
    """Every change made in the admin, read-only: who did what to which record, and when."""

    list_display = ["action_time", "user", "action", "content_type", "object_repr", "summary"]
    list_filter = [
        "action_flag",
        "action_time",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("user", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"
    list_select_related = ["user", "content_type"]
    list_display_links = None

    @admin.display(description="Action", ordering="action_flag")
    def action(self, entry):
        return {ADDITION: "Added", CHANGE: "Changed", DELETION: "Deleted"}.get(
            entry.action_flag, str(entry.action_flag)
        )

    @admin.display(description="Details")
    def summary(self, entry):
        return entry.get_change_message()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AnonymiseForm(forms.Form):
    comments = forms.ChoiceField(
        label="What they wrote",
        choices=[
            ("keep", "Keep their comments, shown under “Former member of staff”"),
            ("remove", "Remove the text of their comments"),
        ],
        widget=forms.RadioSelect,
        initial="keep",
    )


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    actions = ["anonymise_departed_staff"]

    @admin.action(description="Anonymise comments of departed staff", permissions=["change"])
    def anonymise_departed_staff(self, request, queryset):
        form = AnonymiseForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            done = 0
            for user in queryset:
                try:
                    user_anonymise(
                        user=user,
                        actor=request.user,
                        remove_comments=form.cleaned_data["comments"] == "remove",
                    )
                    done += 1
                except ValueError as exc:
                    self.message_user(request, str(exc), messages.ERROR)
            if done:
                self.message_user(
                    request,
                    f"Anonymised {done} account(s). The audit log records it.",
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "accounts/admin/anonymise_confirm.html",
            {
                **self.admin_site.each_context(request),
                "title": "Anonymise departed staff",
                "opts": self.model._meta,
                "users": queryset,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

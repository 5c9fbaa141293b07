from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse

from accounts.services import user_anonymise
from readership.models import Directorate

User = get_user_model()


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


class DirectorateInline(admin.StackedInline):
    """The directorate of a local account; single sign-on overwrites it at each sign-in."""

    model = Directorate
    can_delete = False
    verbose_name_plural = "directorate"
    fields = ["name"]


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    actions = ["anonymise_departed_staff"]
    inlines = [DirectorateInline]

    def get_inlines(self, request, obj):
        # Adding an account asks only for a name and password; the directorate comes after.
        return self.inlines if obj is not None else []

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

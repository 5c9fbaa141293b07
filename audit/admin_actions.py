"""Django's "Delete selected" action, recording each deleted row in the audit log.

Django logs a bulk deletion of two or more rows with bulk_create, which sends no signal, so the
copy of the admin's log (audit.services.record_admin_log_entry) would never see it.
"""

from django.contrib import admin
from django.contrib.admin.actions import delete_selected


@admin.action(
    permissions=["delete"],
    description=delete_selected.short_description,
)
def delete_selected_recorded(modeladmin, request, queryset):
    from audit.services import record

    # Only the confirmation page's "Yes, I'm sure" deletes anything.
    chosen = list(queryset) if request.POST.get("post") else []
    response = delete_selected(modeladmin, request, queryset)
    if chosen:
        model = type(chosen[0])
        left = set(
            model._default_manager.filter(pk__in=[row.pk for row in chosen]).values_list(
                "pk", flat=True
            )
        )
        for row in chosen:
            if row.pk not in left:
                record("admin.delete", obj=row, message="Deleted from the list.")
    return response


def install(site):
    site.add_action(delete_selected_recorded, "delete_selected")

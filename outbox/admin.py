"""Outgoing mail in the admin, for IT: what waits, what failed and why; nothing is edited."""

from django.contrib import admin, messages
from django.utils import timezone

from audit.services import record
from outbox.models import QueuedMail


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting to be sent"), ("given_up", "Given up"), ("sent", "Sent")]

    def queryset(self, request, queryset):
        from outbox.services import MAX_ATTEMPTS

        if self.value() == "waiting":
            return queryset.filter(sent_at=None, attempts__lt=MAX_ATTEMPTS)
        if self.value() == "given_up":
            return queryset.filter(sent_at=None, attempts__gte=MAX_ATTEMPTS)
        if self.value() == "sent":
            return queryset.exclude(sent_at=None)
        return queryset


@admin.register(QueuedMail)
class QueuedMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipients", "created_at", "attempts", "sent_at", "last_error"]
    list_display_links = ["subject"]
    list_filter = [StateFilter, "created_at"]
    search_fields = ["subject", "to", "last_error"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    exclude = ["claimed_until"]

    @admin.display(description="To")
    def recipients(self, message):
        return ", ".join(message.to)

    @admin.action(description="Try sending again at the next run", permissions=["retry"])
    def send_again(self, request, queryset):
        waiting = list(queryset.filter(sent_at=None))
        for message in waiting:
            record("outbox.retry", obj=message, message="Tries reset; sent at the next run.")
        QueuedMail.objects.filter(pk__in=[m.pk for m in waiting]).update(
            attempts=0, next_attempt_at=timezone.now(), claimed_until=None
        )
        self.message_user(
            request,
            f"{len(waiting)} email(s) will be tried at the next run of send_queued_mail.",
            messages.SUCCESS,
        )

    def has_retry_permission(self, request):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

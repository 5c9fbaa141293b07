"""The audit log in the admin: read-only, searchable, filtered by period and person, as CSV."""

import csv
from datetime import date

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format

from audit.models import AuditEvent
from audit.services import record

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = [
    "When",
    "Who",
    "Action",
    "Kind of object",
    "Object id",
    "Object",
    "Details",
    "Address",
]


def csv_safe(value):
    """Return the value as CSV text that no spreadsheet would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class PeriodFilter(admin.ListFilter):
    """From and to dates (inclusive, in the site's time zone), typed into a small form."""

    title = "period"
    template = "admin/audit/auditevent/period_filter.html"
    parameters = {"from": "From", "to": "To"}

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.values, self.dates, self.errors = {}, {}, []
        for name, words in self.parameters.items():
            if name not in params:
                continue
            value = params.pop(name)
            value = (value[-1] if isinstance(value, list) else value).strip()
            self.values[name] = value
            if not value:
                continue
            try:
                self.dates[name] = date.fromisoformat(value)
            except ValueError:
                self.errors.append(f"{words}: “{value}” is not a date; write it as 2026-03-31.")
        if not self.errors and len(self.dates) == 2 and self.dates["from"] > self.dates["to"]:
            self.errors.append("The period ends before it starts: swap the two dates.")

    def has_output(self):
        return True

    def expected_parameters(self):
        return list(self.parameters)

    def queryset(self, request, queryset):
        # A date that is not one is said in the filter and not applied (the export refuses it).
        if self.errors:
            return queryset
        if "from" in self.dates:
            queryset = queryset.filter(at__date__gte=self.dates["from"])
        if "to" in self.dates:
            queryset = queryset.filter(at__date__lte=self.dates["to"])
        return queryset

    def choices(self, changelist):
        # The other filters and the search, kept when the form is sent.
        kept = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name not in self.parameters
            for value in values
        ]
        yield {
            "from": self.values.get("from", ""),
            "to": self.values.get("to", ""),
            "kept": kept,
            "errors": self.errors,
        }


class PersonFilter(admin.RelatedOnlyFieldListFilter):
    """The people who appear in the log, by their account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "person"


class KindFilter(admin.RelatedOnlyFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "kind of object"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Everything recorded, read-only: who did what to which record, when and from where."""

    list_display = ["when", "who", "action", "kind", "object_repr", "details", "address"]
    list_display_links = None
    list_filter = [
        PeriodFilter,
        ("action", admin.AllValuesFieldListFilter),
        ("actor", PersonFilter),
        ("content_type", KindFilter),
    ]
    search_fields = ["actor_name", "action", "object_repr", "message", "address"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    list_per_page = 100

    @admin.display(description="When", ordering="at")
    def when(self, event):
        return date_format(timezone.localtime(event.at), "j M Y, H:i:s")

    @admin.display(description="Details")
    def details(self, event):
        return event.message

    @admin.display(description="Who", ordering="actor_name")
    def who(self, event):
        return event.actor_name or "the site"

    @admin.display(description="Kind of object", ordering="content_type")
    def kind(self, event):
        return event.content_type.name if event.content_type_id else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [path("export/", export, name="audit_auditevent_export"), *super().get_urls()]

    def export_view(self, request):
        """The rows the list's filters and search select, oldest first, as a CSV file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            return HttpResponseBadRequest(
                f"These filters cannot be applied, so nothing was exported. {error}",
                content_type="text/plain; charset=utf-8",
            )
        for spec in changelist.filter_specs:
            if getattr(spec, "errors", None):
                return HttpResponseBadRequest(
                    "Nothing was exported. " + " ".join(spec.errors),
                    content_type="text/plain; charset=utf-8",
                )
        rows = changelist.get_queryset(request).select_related("content_type").order_by("at", "id")
        chosen = request.GET.urlencode() or "no filter"
        exported = record(
            "audit.export", message=f"Exported {rows.count()} audit row(s) as CSV ({chosen})."
        )
        rows = rows.exclude(pk=exported.pk)
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        response = StreamingHttpResponse(
            self._csv_lines(rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
        return response

    def _csv_lines(self, rows):
        class Line:
            def write(self, text):
                return text

        writer = csv.writer(Line())
        # A byte-order mark, so that Excel reads the names' accents as UTF-8.
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for event in rows.iterator(chunk_size=2000):
            yield writer.writerow(
                csv_safe(value)
                for value in [
                    timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S %Z"),
                    self.who(event),
                    event.action,
                    self.kind(event),
                    event.object_id,
                    event.object_repr,
                    event.message,
                    event.address or "",
                ]
            )

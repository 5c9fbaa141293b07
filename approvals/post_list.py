"""The approval column and filter on the admin's list of posts, added from outside posts."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery

from approvals import services
from approvals.content import post_fingerprint
from approvals.models import ApprovalStep
from posts.models import Post

WAITING = "waiting"
CHANGES = "changes"
APPROVED = "approved"


def _latest(field):
    steps = ApprovalStep.objects.filter(post=OuterRef("pk")).order_by("-at", "-id")
    return Subquery(steps.values(field)[:1])


def with_latest_step(queryset):
    return queryset.annotate(
        approval_kind=_latest("kind"), approval_fingerprint=_latest("fingerprint")
    )


class ApprovalListFilter(admin.SimpleListFilter):
    title = "approval"
    parameter_name = "approval"

    def lookups(self, request, model_admin):
        waiting = "Waiting for my approval" if services.can_approve(request.user) else "Waiting"
        return [(WAITING, waiting), (CHANGES, "Changes requested"), (APPROVED, "Approved")]

    def queryset(self, request, queryset):
        kind = {
            WAITING: ApprovalStep.Kind.SUBMITTED,
            CHANGES: ApprovalStep.Kind.CHANGES_REQUESTED,
            APPROVED: ApprovalStep.Kind.APPROVED,
        }.get(self.value())
        if kind is None:
            return queryset
        return with_latest_step(queryset).filter(approval_kind=kind)


@admin.display(description="Approval")
def approval_column(post):
    kind = getattr(post, "approval_kind", None)
    if kind is None:
        return "Not submitted"
    if kind == ApprovalStep.Kind.APPROVED:
        if post.approval_fingerprint == post_fingerprint(post):
            return "Approved"
        return "Withdrawn: changed since approved"
    return ApprovalStep.Kind(kind).label if kind != ApprovalStep.Kind.SUBMITTED else "Waiting"


def install():
    """Add the column (while approval is required) and the filter to the post list."""
    model_admin_class = type(admin.site._registry[Post])
    if ApprovalListFilter in model_admin_class.list_filter:
        return
    model_admin_class.list_filter = [ApprovalListFilter, *model_admin_class.list_filter]
    get_list_display = model_admin_class.get_list_display
    get_queryset = model_admin_class.get_queryset

    def get_list_display_with_approval(self, request):
        columns = list(get_list_display(self, request))
        if services.approval_required():
            columns.insert(2, approval_column)
        return columns

    def get_queryset_with_approval(self, request):
        return with_latest_step(get_queryset(self, request))

    model_admin_class.get_list_display = get_list_display_with_approval
    model_admin_class.get_queryset = get_queryset_with_approval

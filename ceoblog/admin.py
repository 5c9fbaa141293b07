from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from accounts.forms import AdminSignInForm

# What the team works with, first on the admin's home page, in their words.
WORK = [
    ("posts.Post", "Posts"),
    ("comments.Comment", "Comments awaiting moderation"),
    ("photos.Photo", "Photos"),
    ("taggit.Tag", "Tags"),
]


class CeoblogAdminSite(admin.AdminSite):
    """The admin, headed with the blog's name instead of "Django administration"."""

    index_title = "Dashboard"
    login_form = AdminSignInForm

    def each_context(self, request):
        # Read on every request, so that a changed setting (or a test's) shows at once.
        self.site_header = self.site_title = settings.CEOBLOG_TITLE
        return super().each_context(request)

    def index(self, request, extra_context=None):
        # Approval's links (what waits for this person) come first: they are today's work.
        from approvals.dashboard import work_links as approval_links
        from readership.links import work_links as readership_links

        work = [*approval_links(request), *self.work_links(request), *readership_links(request)]
        return super().index(request, {"work": work, **(extra_context or {})})

    def work_links(self, request):
        """Return the label and address of each everyday list this person may open."""
        links = []
        for name, label in WORK:
            model = apps.get_model(name)
            model_admin = self._registry.get(model)
            if model_admin is None or not model_admin.has_view_or_change_permission(request):
                continue
            opts = model._meta
            url = reverse(f"{self.name}:{opts.app_label}_{opts.model_name}_changelist")
            if opts.label == "comments.Comment":
                if not request.user.has_perm("comments.change_comment"):
                    continue
                status = model.Status.PENDING
                label = f"{label} ({model.objects.filter(status=status).count()})"
                url = f"{url}?status__exact={status}"
            links.append({"label": label, "url": url})
        return links

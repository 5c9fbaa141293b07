"""The approver's review page, and the list of approval steps (read only)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from approvals import services
from approvals.content import content_changes, content_fingerprint, post_content
from approvals.models import ApprovalStep
from posts.models import Post

APPROVE = "approve"
REQUEST_CHANGES = "request_changes"
CHANGED_WHILE_READING = (
    "The post changed while you were reading it. Read the new version below, then decide again."
)


@admin.register(ApprovalStep)
class ApprovalStepAdmin(admin.ModelAdmin):
    list_display = ["post", "kind", "by", "at", "note"]
    list_filter = ["kind"]
    list_select_related = ["post", "by"]
    search_fields = ["post__title", "note"]
    date_hierarchy = "at"

    # The record of decisions is kept as it was made: nobody adds, edits or deletes a step here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [path("review/<int:post_id>/", review, name="approvals_review"), *super().get_urls()]

    def review_view(self, request, post_id):
        """Show an approver the post and what changed since it was approved; take their decision."""
        if not services.can_approve(request.user):
            raise PermissionDenied
        post = get_object_or_404(Post.objects.select_related("featured_photo"), pk=post_id)
        content = post_content(post)
        fingerprint = content_fingerprint(content)
        errors, status, note = {}, 200, ""
        if request.method == "POST":
            note = request.POST.get("note", "")
            decision = request.POST.get("decision")
            if request.POST.get("fingerprint") != fingerprint:
                errors["__all__"] = CHANGED_WHILE_READING
                status = 409
            elif decision not in {APPROVE, REQUEST_CHANGES}:
                errors["__all__"] = "Choose Approve or Request changes."
                status = 400
            else:
                try:
                    return self._decide(request, post, decision, note)
                except ValidationError as error:
                    errors = error.message_dict
                    status = 400
        approved = services.latest_approval(post)
        context = {
            **self.admin_site.each_context(request),
            "opts": Post._meta,
            "title": f"Review “{post}”",
            "post": post,
            "state": services.approval_state(post, content=content),
            "fingerprint": fingerprint,
            "approved": approved,
            "changes": content_changes(approved.content if approved else None, content),
            "preview_url": reverse("posts:draft", args=[post.pk]),
            "change_url": reverse("admin:posts_post_change", args=[post.pk]),
            "history_url": reverse("admin:posts_post_history", args=[post.pk]),
            "note": note,
            "note_error": errors.get("note", [""])[0] if "note" in errors else "",
            "error": errors.get("__all__", ""),
            "can_publish": request.user.has_perm("posts.publish_post"),
        }
        return TemplateResponse(request, "admin/approvals/review.html", context, status=status)

    def _decide(self, request, post, decision, note):
        if decision == APPROVE:
            services.approval_approve(post=post, user=request.user, note=note, request=request)
            words = "Approved. The team has been told"
            words += (
                "; the post can now be published." if post.status != Post.Status.PUBLISHED else "."
            )
        else:
            services.approval_request_changes(
                post=post, user=request.user, note=note, request=request
            )
            words = "Changes requested. The team has been emailed your note."
        self.message_user(request, words, messages.SUCCESS)
        return redirect(reverse("admin:approvals_review", args=[post.pk]))

from django.contrib import admin, messages
from django.db.models import Count
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.html import format_html

from comments.models import Comment
from comments.services import (
    comment_moderate,
    comments_are_open,
    post_comments_close,
    post_comments_open,
)


def _moderate(modeladmin, request, queryset, state, verb):
    count = comment_moderate(comments=queryset, state=state, moderator=request.user)
    noun = "comment" if count == 1 else "comments"
    modeladmin.message_user(request, f"{count} {noun} {verb}.", messages.SUCCESS)


@admin.action(description="Approve selected comments", permissions=["change"])
def approve_comments(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, Comment.Status.APPROVED, "approved")


@admin.action(description="Reject selected comments", permissions=["change"])
def reject_comments(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, Comment.Status.REJECTED, "rejected")


@admin.action(description="Mark selected comments as spam", permissions=["change"])
def mark_comments_as_spam(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, Comment.Status.SPAM, "marked as spam")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: nothing is edited or deleted here, only approved or turned away."""

    list_display = [
        "excerpt",
        "author_name",
        "post",
        "created_at",
        "status",
        "is_official",
        "moderated_by",
        "moderated_at",
    ]
    list_filter = ["status", ("post", admin.RelatedOnlyFieldListFilter), "is_official"]
    search_fields = ["body", "author__username", "author__first_name", "author__last_name"]
    list_select_related = ["author", "post", "moderated_by"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    actions = [approve_comments, reject_comments, mark_comments_as_spam]
    fields = [
        "post",
        "author",
        "parent",
        "created_at",
        "body",
        "is_official",
        "status",
        "moderated_by",
        "moderated_at",
    ]
    readonly_fields = [
        "post",
        "author",
        "parent",
        "created_at",
        "body",
        "is_official",
        "moderated_by",
        "moderated_at",
    ]

    @admin.display(description="Comment")
    def excerpt(self, comment):
        return truncatechars(comment.body, 80)

    @admin.display(description="Author", ordering="author__last_name")
    def author_name(self, comment):
        return comment.author_name

    def has_add_permission(self, request):
        # Comments are written under posts by the people signed in, never on their behalf.
        return False

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            comment_moderate(comments=[obj], state=obj.status, moderator=request.user)


class PostCommentsAdminMixin:
    """Let the post admin open and close comments, one post at a time or in bulk."""

    @admin.action(description="Close comments", permissions=["close_comments"])
    def close_comments(self, request, queryset):
        count = post_comments_close(posts=queryset)
        noun = "post" if count == 1 else "posts"
        self.message_user(request, f"Comments closed on {count} {noun}.", messages.SUCCESS)

    @admin.action(description="Open comments", permissions=["close_comments"])
    def open_comments(self, request, queryset):
        still_closed = post_comments_open(posts=queryset)
        opened = queryset.count() - len(still_closed)
        noun = "post" if opened == 1 else "posts"
        self.message_user(request, f"Comments opened on {opened} {noun}.", messages.SUCCESS)
        if still_closed:
            titles = ", ".join(f"“{post.title}”" for post in still_closed)
            self.message_user(
                request,
                f"Still closed because the site closes comments on posts this old: {titles}.",
                messages.WARNING,
            )

    def has_close_comments_permission(self, request):
        return request.user.has_perm("comments.close_comments")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comment_total=Count("comments"))

    @admin.display(description="Comments", ordering="comment_total")
    def comment_count_link(self, post):
        """Link the number of comments (in any state) to the post's comments in the queue."""
        url = reverse("admin:comments_comment_changelist") + f"?post__id__exact={post.pk}"
        return format_html('<a href="{}">{}</a>', url, post.comment_total)

    @admin.display(description="Taking comments now", boolean=True)
    def comments_taken(self, post):
        return comments_are_open(post)

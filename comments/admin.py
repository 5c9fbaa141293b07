from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from comments.forms import ModeratorReplyForm
from comments.models import Comment
from comments.moderation import (
    DONE_WORDS,
    STATE_WORDS,
    post_comments_switch,
    post_comments_words,
)
from comments.services import (
    CommentRateLimited,
    CommentsClosed,
    can_post_official_reply,
    comment_moderate,
    comment_reply,
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


def safe_next(request, fallback):
    """Return the page to go back to from the form's "next", if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


# How a comment is laid out on each page that has its buttons, for the script that redraws one.
CARD_LAYOUTS = {
    "row": {},
    "form": {"as_form": True},
    "post": {"as_form": True, "on_post_page": True},
}


def see_other(url):
    # 303: the browser fetches the page, and reloading it does not send the form again.
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


class ModerationStateFilter(admin.SimpleListFilter):
    """Show the comments awaiting moderation unless another state is chosen."""

    title = "state"
    # The name the admin's own state filter used, so older links keep working.
    parameter_name = "status__exact"
    ALL = "all"

    def lookups(self, request, model_admin):
        waiting = Comment.objects.filter(status=Comment.Status.PENDING).count()
        return [
            (Comment.Status.PENDING, f"{STATE_WORDS[Comment.Status.PENDING]} ({waiting})"),
            *[(state, STATE_WORDS[state]) for state in Comment.Status.values if state != "pending"],
            (self.ALL, "All"),
        ]

    def value(self):
        chosen = super().value()
        if chosen == self.ALL or chosen in Comment.Status.values:
            return chosen
        return Comment.Status.PENDING

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        # No separate "All" at the top: the queue opens on the comments awaiting moderation.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class CommentPostFilter(admin.SimpleListFilter):
    """The comments on one post, as the post list's comment counts link to them.

    Only the chosen post is offered: listing every post that has comments would read all
    1,000,000 comments and print 100,000 links.
    """

    title = "post"
    parameter_name = "post__id__exact"

    def post_id(self):
        value = self.value()
        return int(value) if value and value.isascii() and value.isdigit() else None

    def lookups(self, request, model_admin):
        post_model = model_admin.model._meta.get_field("post").related_model
        post = post_model.objects.filter(pk=self.post_id()).only("title").first()
        return [(str(post.pk), str(post))] if post else []

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(post_id=self.post_id())


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: nothing is edited or deleted here, only approved or turned away."""

    list_display = ["comment_card"]
    # Each row carries its own links and buttons; nothing else on it is a link.
    list_display_links = None
    list_filter = [
        ModerationStateFilter,
        CommentPostFilter,
        "is_official",
    ]
    search_fields = ["body", "author__username", "author__first_name", "author__last_name"]
    list_select_related = ["author", "post", "moderated_by", "parent__author"]
    # "N comments" counts the queue as filtered; the count of every comment is not worth its
    # 1,000,000-row scan on every page.
    show_full_result_count = False
    # Twenty a page, as in WordPress: each row is a whole comment card with its buttons.
    list_per_page = 20
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

    class Media:
        css = {"all": ["admin-extras/moderation.css"]}
        js = ["admin-extras/moderation.js"]

    @admin.display(description="Comment")
    def comment_card(self, comment):
        """Show the whole comment, who wrote it where and when, and its one-click buttons."""
        return render_to_string("admin/comments/comment/_card.html", {"comment": comment})

    def has_add_permission(self, request):
        # Comments are written under posts by the people signed in, never on their behalf.
        return False

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            comment_moderate(comments=[obj], state=obj.status, moderator=request.user)

    def changelist_view(self, request, extra_context=None):
        context = {"title": "Comments", **(extra_context or {})}
        return super().changelist_view(request, context)

    # --- One comment at a time ----------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The page the moderators' email links to: the whole comment and its one-click buttons,
        # rather than a form with a state to choose and save. A form sent here is still Django's.
        if request.method not in ("GET", "HEAD") or not self.has_change_permission(request):
            return super().change_view(request, object_id, form_url, extra_context)
        comment = self._comment_to_moderate(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Comment by {comment.author_name}",
            "comment": comment,
            "next": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/comments/comment/one.html", context)

    def get_urls(self):
        moderate = self.admin_site.admin_view(require_POST(self.moderate_view))
        reply = self.admin_site.admin_view(self.reply_view)
        return [
            path("<path:object_id>/moderate/", moderate, name="comments_comment_moderate"),
            path("<path:object_id>/reply/", reply, name="comments_comment_reply"),
            *super().get_urls(),
        ]

    def _comment_to_moderate(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            raise Http404("No comment with this id.")
        return comment

    def moderate_view(self, request, object_id):
        """Set one comment's state from its button, then say so with a way to undo it."""
        comment = self._comment_to_moderate(request, object_id)
        state = request.POST.get("state", "")
        if state not in Comment.Status.values:
            return HttpResponseBadRequest(
                "Choose Approve, Reject or Spam for a comment.", content_type="text/plain"
            )
        previous = comment.status
        comment_moderate(comments=[comment], state=state, moderator=request.user)
        back = safe_next(request, reverse("admin:comments_comment_changelist"))
        done = format_html(
            "The comment by {} on “{}” was {}.",
            comment.author_name,
            comment.post,
            DONE_WORDS[state],
        )
        if request.headers.get("Accept", "").startswith("application/json"):
            # The page's script updates the comment where it is, without a new page.
            layout = CARD_LAYOUTS.get(request.POST.get("layout"), {})
            card = render_to_string(
                "admin/comments/comment/_card.html",
                {"comment": comment, "next": back, **layout},
                request=request,
            )
            return JsonResponse({"message": done, "undo": previous, "card": card})
        undo = render_to_string(
            "admin/comments/comment/_undo.html",
            {"comment": comment, "previous": previous, "next": back},
            request=request,
        )
        self.message_user(request, format_html("{} {}", done, undo), messages.SUCCESS)
        return see_other(back)

    def reply_view(self, request, object_id):
        """Show one comment with a box to reply under it; post the reply."""
        comment = self._comment_to_moderate(request, object_id)
        back = safe_next(request, reverse("admin:comments_comment_changelist"))
        form = ModeratorReplyForm(request.POST or None, comment=comment, user=request.user)
        form.fields["body"].widget.attrs["autofocus"] = True
        status = 200
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    reply = comment_reply(
                        comment=comment,
                        author=request.user,
                        body=form.cleaned_data["body"],
                        is_official=form.cleaned_data.get("is_official", False),
                    )
                except CommentsClosed:
                    form.add_error(None, "Comments are closed on this post, so replies are too.")
                    status = 403
                except CommentRateLimited as limited:
                    form.add_error(None, str(limited))
                    status = 429
                except ValidationError as invalid:
                    form.add_error(None, invalid.messages)
                else:
                    self.message_user(
                        request,
                        format_html(
                            'Your reply to {} is published. <a href="{}">See it on the post</a>.',
                            comment.author_name,
                            reply.get_absolute_url(),
                        ),
                        messages.SUCCESS,
                    )
                    return see_other(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Reply to {comment.author_name}",
            "comment": comment,
            "form": form,
            "next": back,
            "approves_too": comment.is_pending,
            "can_post_official_reply": can_post_official_reply(request.user),
        }
        return TemplateResponse(
            request, "admin/comments/comment/reply.html", context, status=status
        )


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
        # Counted for the rows shown only: a Count() join would group 1,000,000 comments by
        # post before the list could take its first hundred.
        counted = (
            Comment.objects.filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(count=Count("pk"))
            .values("count")
        )
        total = Coalesce(Subquery(counted, output_field=IntegerField()), 0)
        return super().get_queryset(request).annotate(comment_total=total)

    # --- The moderators' page for a post --------------------------------------------------------

    def get_urls(self):
        close = self.admin_site.admin_view(require_POST(self.comments_close_view))
        reopen = self.admin_site.admin_view(require_POST(self.comments_open_view))
        return [
            path("<path:object_id>/comments/close/", close, name="posts_post_comments_close"),
            path("<path:object_id>/comments/open/", reopen, name="posts_post_comments_open"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Those who may look at posts but not change them (moderators) get the post as readers
        # see it, with its comments to moderate, instead of a form they cannot save.
        # A form sent to it is still Django's to refuse.
        if (
            request.method not in ("GET", "HEAD")
            or self.has_change_permission(request)
            or not self.has_view_permission(request)
        ):
            return super().change_view(request, object_id, form_url, extra_context)
        post = self._post_or_404(request, object_id)
        comments = post.comments.select_related("author", "moderated_by", "parent__author")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": post.title,
            "post": post,
            "comments": comments.order_by("created_at", "id"),
            "comments_words": post_comments_words(post),
            "comments_switch": post_comments_switch(post),
            "may_switch": self.has_close_comments_permission(request),
            "may_moderate": request.user.has_perm("comments.change_comment"),
            "next": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/posts/post/moderate.html", context)

    def _post_or_404(self, request, object_id):
        post = self.get_object(request, unquote(object_id))
        if post is None:
            raise Http404("No post with this id.")
        return post

    def _switch_comments(self, request, object_id, switch):
        if not self.has_close_comments_permission(request):
            raise PermissionDenied
        post = self._post_or_404(request, object_id)
        back = safe_next(request, reverse("admin:posts_post_change", args=[post.pk]))
        if switch == "close":
            post_comments_close(posts=[post])
            self.message_user(request, f"Comments closed on “{post}”.", messages.SUCCESS)
        elif post_comments_open(posts=[post]):
            self.message_user(
                request,
                f"Comments stay closed on “{post}”: the site closes comments on posts this old.",
                messages.WARNING,
            )
        else:
            self.message_user(request, f"Comments opened on “{post}”.", messages.SUCCESS)
        return see_other(back)

    def comments_close_view(self, request, object_id):
        """Close comments on one post from its page."""
        return self._switch_comments(request, object_id, "close")

    def comments_open_view(self, request, object_id):
        """Open comments on one post from its page."""
        return self._switch_comments(request, object_id, "open")

    @admin.display(description="Comments", ordering="comment_total")
    def comment_count_link(self, post):
        """Link the number of comments (in any state) to the post's comments in the queue."""
        url = (
            reverse("admin:comments_comment_changelist")
            + f"?post__id__exact={post.pk}&{ModerationStateFilter.parameter_name}=all"
        )
        return format_html('<a href="{}">{}</a>', url, post.comment_total)

    @admin.display(description="Taking comments now", boolean=True)
    def comments_taken(self, post):
        return comments_are_open(post)

    @admin.display(description="Comments", ordering="comment_total")
    def comments_column(self, post):
        """The post's comment count, linked to them, and whether it is still taking comments."""
        if comments_are_open(post):
            return self.comment_count_link(post)
        return format_html("{}, closed", self.comment_count_link(post))

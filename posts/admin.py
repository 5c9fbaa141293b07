from datetime import timedelta

import reversion
from csp.constants import NONCE
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AdminTextareaWidget, AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_prose_editor.fields import ProseEditorFormField
from js_asset import Media as ImportMapMedia
from reversion.admin import VersionAdmin
from reversion.models import Version

from comments.admin import PostCommentsAdminMixin
from editing.admin import EditingAdminMixin
from photos.widgets import PHOTO_EXTENSIONS, FeaturedPhotoWidget
from posts import tag_admin  # noqa: F401  (registers the tag list)
from posts.admin_fields import (
    AuthorListFilter,
    LabelledListEditableMixin,
    TagsAndAuthorAdminMixin,
)
from posts.models import Post
from posts.revisions import version_differences
from posts.workflow import (
    NO_PUBLISH_MESSAGE,
    can_publish,
    post_address_remember,
    post_publish,
    post_status_change_allowed,
    post_unpublish,
)

# What the body editor offers. Everything it makes is also allowed by posts.sanitize, which
# cleans the body whenever a post is saved.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "HorizontalRule": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
        **PHOTO_EXTENSIONS,
        # Ours (static/admin-extras/editor-extensions.js): the editor's styles come from a static
        # file the Content Security Policy allows, and the editable area is named "Body".
        "StylesFromStaticFile": True,
        "LabelledByField": True,
    }
}
EXCERPT_ADVICE = 300
ONE_SECOND = timedelta(seconds=1)


class PostAdminForm(forms.ModelForm):
    body = ProseEditorFormField(
        config=BODY_EDITOR,
        widget=AdminTextareaWidget,
        help_text="The post itself. Add a photo with the photo button, or drop or paste one into "
        "the text: you are asked for its alt text and caption there and then. Text pasted from "
        "Word keeps its headings, lists and links; its fonts and colours are removed when saved.",
    )
    featured_photo = Post._meta.get_field("featured_photo").formfield(widget=FeaturedPhotoWidget)
    # Set by PostAdmin.get_form: the user filling the form in, and the post as it was before a
    # revision was restored (restoring writes the old version to the database first).
    user = None
    before_revert = None

    class Meta:
        model = Post
        # PostAdmin's fieldsets decide what the admin shows; this list serves other uses.
        fields = [
            "title",
            "slug",
            "author",
            "body",
            "excerpt",
            "tags",
            "featured_photo",
            "status",
            "published_at",
            "is_sticky",
        ]
        widgets = {
            "excerpt": AdminTextareaWidget(
                attrs={"rows": 3, "data-count-characters": str(EXCERPT_ADVICE)}
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and self.user is not None and not can_publish(self.user):
            stored = self.stored_post()
            current = stored.status if stored else Post.Status.DRAFT
            status.choices = [
                (value, label)
                for value, label in Post.Status.choices
                if post_status_change_allowed(user=self.user, old_status=current, new_status=value)
            ]
            status.error_messages["invalid_choice"] = NO_PUBLISH_MESSAGE
            status.help_text = (
                f"{status.help_text} Only the Communications team can publish or unpublish."
            )

    def stored_post(self):
        """Return the post as it is before this form changes it, or None for a new one."""
        if self.before_revert is not None:
            return self.before_revert
        if not self.instance.pk:
            return None
        return Post.objects.filter(pk=self.instance.pk).first()

    def clean(self):
        cleaned = super().clean()
        if self.user is None or can_publish(self.user) or not self.instance.pk:
            return cleaned
        stored = self.stored_post()
        status = cleaned.get("status")
        if status and not post_status_change_allowed(
            user=self.user, old_status=stored.status, new_status=status
        ):
            self.add_error("status", NO_PUBLISH_MESSAGE)
        published_at = cleaned.get("published_at")
        # The form shows whole seconds, so a post saved with microseconds has not moved.
        moved = published_at is not None and abs(published_at - stored.published_at) >= ONE_SECOND
        if stored.status == Post.Status.PUBLISHED and moved:
            self.add_error(
                "published_at",
                "Only the Communications team can change when a published post goes live.",
            )
        return cleaned


class AutocompleteSelectIgnoringBadIds(AutocompleteSelect):
    """Show the chosen object again, leaving out a submitted value that could never be an id."""

    def optgroups(self, name, value, attr=None):
        # Django's widget looks the submitted values up as they are, so a form sent back with
        # "abc" as the author fails with ValueError instead of showing "Select a valid choice".
        target = self.field.target_field
        possible = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            possible.append(item)
        return super().optgroups(name, possible, attr)


class PublicationStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("live", "Published and live"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Post.Status.PUBLISHED)
        return {
            "draft": queryset.filter(status=Post.Status.DRAFT),
            "scheduled": published.filter(published_at__gt=now),
            "live": published.filter(published_at__lte=now),
            "unpublished": queryset.filter(status=Post.Status.UNPUBLISHED),
        }.get(self.value(), queryset)


@admin.register(Post)
class PostAdmin(
    EditingAdminMixin,
    PostCommentsAdminMixin,
    TagsAndAuthorAdminMixin,
    LabelledListEditableMixin,
    VersionAdmin,
):
    form = PostAdminForm
    list_display = [
        "title",
        "publication_state",
        "published_at",
        "author_name",
        "tag_list",
        "is_sticky",
        "comments_open",
        "comments_taken",
        "comment_count_link",
        "updated_by",
        "updated_at",
    ]
    list_editable = ["comments_open"]
    list_filter = [
        PublicationStateFilter,
        "published_at",
        ("author", AuthorListFilter),
        "is_sticky",
        "tags",
        "comments_open",
    ]
    search_fields = ["title", "slug", "body", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["featured_photo"]
    list_select_related = ["author", "updated_by"]
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "body", "excerpt", "tags"]}),
        ("Photo", {"fields": ["featured_photo"]}),
        ("Publishing", {"fields": ["status", "published_at", "is_sticky"]}),
        ("Comments", {"fields": ["comments_open", "comments_close_at"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_by", "updated_at"]}),
    ]
    actions = ["publish_selected", "unpublish_selected", "close_comments", "open_comments"]
    object_history_template = "admin/posts/post/object_history.html"

    class Media:
        css = {"all": ["admin-extras/authoring.css", "admin-extras/editor-base.css"]}
        js = ["admin-extras/character-count.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectIgnoringBadIds(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # modelform_factory makes a new class on every call, so this stays with this request.
        form.user = request.user
        form.before_revert = getattr(request, "_post_before_revert", None)
        return form

    @admin.display(description="Tags")
    def tag_list(self, post):
        return ", ".join(sorted(tag.name for tag in post.tags.all()))

    @admin.display(description="Status", ordering="status")
    def publication_state(self, post):
        if post.is_scheduled:
            when = date_format(timezone.localtime(post.published_at), "DATETIME_FORMAT")
            return f"Scheduled for {when}"
        return post.get_status_display()

    def render_change_form(self, request, context, *args, **kwargs):
        # The body editor loads its modules through an import map, an inline script that the
        # site's Content Security Policy runs only when it carries this response's nonce.
        nonce = str(request.csp_nonce)
        context["media"] = ImportMapMedia.from_media(context["media"], nonce=nonce)
        response = super().render_change_form(request, context, *args, **kwargs)
        response._csp_update = {"script-src": [NONCE]}
        return response

    # --- Saving -------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        before = getattr(request, "_post_before_revert", None)
        if before is None and change:
            before = Post.objects.filter(pk=obj.pk).first()
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        if before is not None and before.is_published:
            post_address_remember(post=obj, old_path=before.get_absolute_url())

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return redirect(obj.get_absolute_url())
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return redirect(obj.get_absolute_url())
        return super().response_change(request, obj)

    # --- Bulk actions -------------------------------------------------------------------------

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.action(description="Publish selected posts", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._change_each(request, queryset, post_publish, "Published")

    @admin.action(description="Unpublish selected posts", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._change_each(request, queryset, post_unpublish, "Unpublished")

    def _change_each(self, request, queryset, change, done_word):
        done, refused = [], []
        for post in queryset:
            try:
                with reversion.create_revision():
                    change(post=post, user=request.user)
                    reversion.set_user(request.user)
                    reversion.set_comment(f"{done_word} from the list of posts.")
            except ValidationError as error:
                refused.append(f"“{post}”: {' '.join(error.messages)}")
            else:
                done.append(post)
        if done:
            titles = ", ".join(f"“{post}”" for post in done)
            self.message_user(request, f"{done_word}: {titles}.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, f"Not changed, {reason}", messages.ERROR)

    # --- History, differences and restoring ----------------------------------------------------

    def get_urls(self):
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path("<path:object_id>/history/compare/", compare, name="posts_post_compare"),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        versions = Version.objects.get_for_object_reference(Post, unquote(object_id))
        versions = versions.select_related("revision", "revision__user")
        rows = [
            {
                "version": version,
                "restore_url": reverse(
                    "admin:posts_post_revision", args=[quote(version.object_id), version.pk]
                ),
            }
            for version in versions
        ]
        context = {
            "version_rows": rows,
            "compare_url": reverse("admin:posts_post_compare", args=[quote(object_id)]),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring writes the old version before the form is saved, so save_model would see
        # the restored address as the one it replaces; remember the real one first. get_object
        # answers None for an id that could not be a post's, which then ends in a 404.
        request._post_before_revert = self.get_object(request, unquote(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    def compare_view(self, request, object_id):
        """Show what changed between two saved versions of a post."""
        post = self.get_object(request, unquote(object_id))
        if post is None:
            raise Http404("No post with this id.")
        if not self.has_view_or_change_permission(request, post):
            raise PermissionDenied
        versions = Version.objects.get_for_object(post).select_related("revision__user")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": post,
            "title": f"Changes to “{post}”",
            "history_url": reverse("admin:posts_post_history", args=[quote(post.pk)]),
        }
        try:
            chosen = [versions.get(pk=int(request.GET[key])) for key in ("from", "to")]
        except (KeyError, ValueError, Version.DoesNotExist):
            context["error"] = "Choose two saved versions of this post to compare."
            return TemplateResponse(request, "admin/posts/post/compare.html", context, status=400)
        older, newer = sorted(chosen, key=lambda version: version.revision.date_created)
        context.update(
            older=older,
            newer=newer,
            changes=version_differences(older.field_dict, newer.field_dict),
        )
        return TemplateResponse(request, "admin/posts/post/compare.html", context)

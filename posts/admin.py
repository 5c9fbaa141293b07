from copy import copy
from datetime import timedelta

import reversion
from csp.constants import NONCE
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AdminTextareaWidget, AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F
from django.forms.models import construct_instance
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django_prose_editor.fields import ProseEditorFormField
from js_asset import Media as ImportMapMedia
from reversion.admin import VersionAdmin
from reversion.models import Version

from photos.widgets import PHOTO_EXTENSIONS, FeaturedPhotoWidget
from posts import (
    expiry,
    tag_admin,  # noqa: F401  (registers the tag list)
    writing,
)
from posts.admin_fields import (
    AuthorListFilter,
    LabelledListEditableMixin,
    PopularTagListFilter,
    TagsAndAuthorAdminMixin,
)
from posts.models import Post
from posts.preview import preview_response
from posts.record import audit_log_url, record_rows
from posts.revisions import version_differences, version_has_tags
from posts.search import admin_search_matches
from posts.workflow import (
    NO_PUBLISH_MESSAGE,
    can_publish,
    post_address_remember,
    post_keep_state,
    post_publish,
    post_readiness_errors,
    post_save_draft,
    post_schedule,
    post_unpublish,
    post_update,
    publish_gates_refusal,
)

# What the body editor offers. Everything it makes is also allowed by posts.sanitize, which
# cleans the body whenever a post is saved.
# Read when a page is made, so that settings can move it; the editor splits it at commas.
EMBED_HOSTS = lazy(lambda: ",".join(settings.CEOBLOG_EMBED_HOSTS), str)()
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
        # The video and audio players (audiovideo/static/audiovideo/editor-players.js); named by
        # address only, so posts imports nothing of the audiovideo app.
        "MediaPlayer": {
            "uploadUrl": reverse_lazy("admin:audiovideo_recording_upload"),
            "maxMegabytes": lazy(lambda: str(settings.CEOBLOG_MEDIA_MAX_MB), str)(),
        },
        # Issue 15: players from the site's embed hosts (static/admin-extras/editor-embeds.js).
        "Embed": {"hosts": EMBED_HOSTS},
        # Ours (static/admin-extras/editor-extensions.js): the editor's styles come from a static
        # file the Content Security Policy allows, the editable area is named "Body", and a menu
        # button the editor greys out is aria-disabled too.
        "StylesFromStaticFile": True,
        "LabelledByField": True,
        "MenuButtonStates": True,
    }
}


def body_editor_register(extensions):
    """Add a higher app's editor extensions (name: options) to the body editor.

    posts imports no app above it; documents (and others) call this from their AppConfig.ready().
    Their JavaScript is named in DJANGO_PROSE_EDITOR_EXTENSIONS (ceoblog/settings.py).
    """
    BODY_EDITOR["extensions"].update(extensions)


EXCERPT_ADVICE = 300
ONE_MINUTE = timedelta(minutes=1)
# What a publish gate may look at before the form saves the post.
GATED_FIELDS = ["title", "body", "excerpt", "featured_photo", "published_at"]


class NativeSplitDateTime(forms.SplitDateTimeWidget):
    """A date box and a time box that browsers show with their own pickers."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs,
            date_format="%Y-%m-%d",
            time_format="%H:%M",
            date_attrs={"type": "date"},
            time_attrs={"type": "time"},
        )


class PostAdminForm(forms.ModelForm):
    body = ProseEditorFormField(
        config=BODY_EDITOR,
        widget=AdminTextareaWidget,
        required=False,
        help_text="The post itself. Add a photo with the photo button, or drop or paste one into "
        "the text: you are asked for its alt text and caption there and then. Add a video or "
        "audio with its button, or drop the file into the text, with its captions and "
        "transcript. Text pasted from "
        "Word keeps its headings, lists and links; its fonts and colours are removed when saved.",
    )
    featured_photo = Post._meta.get_field("featured_photo").formfield(widget=FeaturedPhotoWidget)
    # Left empty, publishing dates the post at that moment; a time is chosen only on purpose.
    published_at = forms.SplitDateTimeField(
        label="Publication time",
        required=False,
        widget=NativeSplitDateTime,
        help_text="Leave empty to publish the moment you press Publish. A future time schedules "
        "the post: it appears by itself at that time.",
    )
    unpublish_at = forms.SplitDateTimeField(
        label="Unpublish at",
        required=False,
        widget=NativeSplitDateTime,
        help_text="Optional. At this time the post leaves the blog by itself: the home page, "
        "lists, feeds, search and its own page. Leave empty to keep it.",
    )
    comments_close_at = forms.SplitDateTimeField(
        label="Close comments at",
        required=False,
        widget=NativeSplitDateTime,
        help_text=Post._meta.get_field("comments_close_at").help_text,
    )
    # Set by PostAdmin.get_form: the user filling the form in, the button they pressed, and the
    # post as it was before a revision was restored (restoring writes the old version first).
    user = None
    action = ""
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
            "published_at",
            "unpublish_at",
            "is_sticky",
            "comments_open",
            "comments_close_at",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "writing-title__input", "placeholder": " "}),
            "excerpt": AdminTextareaWidget(
                attrs={"rows": 3, "data-count-characters": str(EXCERPT_ADVICE)}
            ),
        }

    def stored_post(self):
        """Return the post as it is before this form changes it, or None for a new one."""
        if self.before_revert is not None:
            return self.before_revert
        if not self.instance.pk:
            return None
        return Post.objects.filter(pk=self.instance.pk).first()

    def clean(self):
        cleaned = super().clean()
        stored = self.stored_post()
        if self.before_revert is not None:
            # Restoring a version changes its content only; the state stays as it is. Restored
            # onto a live or scheduled post, the content goes out at once: it passes the gates
            # as if published.
            if stored.status == Post.Status.PUBLISHED and not self.errors:
                self._pass_gates(stored, cleaned, restoring=True)
            return cleaned
        live_or_scheduled = stored is not None and stored.status == Post.Status.PUBLISHED
        publishing = self.action == writing.PUBLISH or (
            live_or_scheduled and self.action not in {writing.UNPUBLISH, writing.PREVIEW}
        )
        if self.user is not None and not can_publish(self.user):
            if self.action in {writing.PUBLISH, writing.UNPUBLISH}:
                raise ValidationError(NO_PUBLISH_MESSAGE)
            published_at = cleaned.get("published_at")
            # The form shows whole minutes, so a post saved with seconds has not moved.
            moved = published_at is not None and (
                stored is None
                or stored.published_at is None
                or abs(published_at - stored.published_at) >= ONE_MINUTE
            )
            if live_or_scheduled and moved:
                self.add_error(
                    "published_at",
                    "Only the Communications team can change when a published post goes live.",
                )
        if publishing:
            expiry.check_unpublish_at(form=self, stored=stored)
            for name, message in post_readiness_errors(
                title=cleaned.get("title"), body=cleaned.get("body")
            ).items():
                if name not in self.errors:
                    self.add_error(name, message)
            if not self.errors:
                self._pass_gates(stored, cleaned)
        return cleaned

    def _pass_gates(self, stored, cleaned, restoring=False):
        """Show a gate's refusal (approval, the checks) on the form rather than failing later."""
        going = construct_instance(self, copy(stored or self.instance), fields=GATED_FIELDS)
        at = cleaned.get("published_at")
        future = at is not None and at > timezone.now()
        moved = (
            stored is not None
            and stored.published_at is not None
            and at is not None
            and abs(at - stored.published_at) >= ONE_MINUTE
        )
        if restoring:
            going.published_at = stored.published_at
            action = "schedule" if stored.is_scheduled else "publish"
        elif self.action == writing.PUBLISH or moved:
            action = "schedule" if future else "publish"
        else:
            action = "update"
        for message in publish_gates_refusal(post=going, user=self.user, action=action):
            self.add_error(None, message)


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
            ("expired", "Expired"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Post.Status.PUBLISHED)
        return {
            "draft": queryset.filter(status=Post.Status.DRAFT),
            "scheduled": published.filter(published_at__gt=now),
            "live": queryset.published(),
            "expired": queryset.expired(),
            "unpublished": queryset.filter(status=Post.Status.UNPUBLISHED),
        }.get(self.value(), queryset)


class PostWritingAdminMixin:
    """The writing screen and the list of posts: what posts itself gives the post admin.

    ceoblog/post_admin.py registers the post admin, made of this, what apps above posts add
    (autosave from editing, comments' column, actions and moderation page) and POST_ADMIN_BASES,
    in that order; approvals adds its column and filter in its AppConfig.ready().
    """

    form = PostAdminForm
    # Few enough columns to fit a 1280-pixel window beside the admin's menu and filters
    # (tests/test_browser_admin.py): the state column also says when and whether the post is
    # pinned; comments add a column saying how many there are and whether comments are closed.
    list_display = ["title", "publication_state", "author_name", "tag_list"]
    list_filter = [
        PublicationStateFilter,
        "published_at",
        ("author", AuthorListFilter),
        "is_sticky",
        PopularTagListFilter,
        "comments_open",
    ]
    search_fields = ["title", "slug", "body", "excerpt"]
    # Drafts, which have no time yet, first on every database; then the newest.
    ordering = [F("published_at").desc(nulls_first=True), "-id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["featured_photo"]
    list_select_related = ["author"]
    # The count of every post is not worth a 100,000-row scan on every page of the list.
    show_full_result_count = False
    # Twenty a page, as WordPress shows: a hundred rows (Django's default) take four times as
    # long to build, and the filters and search find older posts faster than paging does.
    list_per_page = 20
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]
    # The writing screen (templates/admin/posts/post/change_form.html) places each group: the
    # first in the main column, the others as boxes in the side column.
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        ("Publish", {"fields": ["published_at", "unpublish_at"]}),
        ("Tags", {"fields": ["tags"]}),
        ("Featured photo", {"fields": ["featured_photo"]}),
        ("Excerpt", {"fields": ["excerpt"]}),
        ("Comments", {"fields": ["comments_open", "comments_close_at"]}),
        ("Author", {"fields": ["author"]}),
        ("Home page", {"fields": ["is_sticky"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_by", "updated_at"]}),
    ]
    actions = ["publish_selected", "unpublish_selected"]
    object_history_template = "admin/posts/post/object_history.html"
    revision_form_template = "admin/posts/post/revision_form.html"

    class Media:
        css = {
            "all": [
                "admin-extras/authoring.css",
                "admin-extras/editor-base.css",
                "admin-extras/writing.css",
            ]
        }
        js = ["admin-extras/character-count.js", "admin-extras/writing.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL: the words through the full-text index, the title by any part through its
        # own (posts.search.admin_search_matches). SQLite: Django's search, fine at its size.
        if connection.vendor == "postgresql" and search_term.strip():
            return queryset.filter(admin_search_matches(search_term)), False
        return super().get_search_results(request, queryset, search_term)

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
        form.action = writing.form_action(request.POST) if request.method == "POST" else ""
        form.before_revert = getattr(request, "_post_before_revert", None)
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # Like WordPress, the writer is the author unless another rule or the address says so.
        initial.setdefault("author", request.user.pk)
        return initial

    def get_object(self, request, object_id, from_field=None):
        post = super().get_object(request, object_id, from_field)
        current = getattr(request, "_post_before_revert", None)
        if post is not None and current is not None:
            # The old version was written back with its state; restoring is about content.
            post_keep_state(post=post, current=current)
            version = getattr(request, "_post_restored_version", None)
            if version is not None and not version_has_tags(version):
                # Versions kept before tags were followed know nothing of them: restoring one
                # removed every tag; the post keeps the ones it has instead.
                post.tags.set(request._post_tags_before_revert)
        return post

    @admin.display(description="Tags")
    def tag_list(self, post):
        return ", ".join(sorted(tag.name for tag in post.tags.all()))

    @admin.display(description="State", ordering="published_at")
    def publication_state(self, post):
        """The post's state, its publication time if it has one, and whether it is pinned."""
        when = ""
        if post.published_at is not None:
            when = date_format(timezone.localtime(post.published_at), "DATETIME_FORMAT")
        if post.is_scheduled:
            words = f"Scheduled for {when}"
        elif post.is_expired:
            words = (
                f"Expired {date_format(timezone.localtime(post.unpublish_at), 'DATETIME_FORMAT')}"
            )
        elif when:
            words = f"{post.get_status_display()} {when}"
        else:
            words = post.get_status_display()
        return f"{words}, pinned to the home page" if post.is_sticky else words

    def render_change_form(self, request, context, *args, **kwargs):
        before_revert = getattr(request, "_post_before_revert", None)
        stored = before_revert or context.get("original")
        if before_revert is None and stored is not None and request.method == "POST":
            # A form sent back with errors has changed the object in memory; say what is saved.
            stored = Post.objects.filter(pk=stored.pk).first() or stored
        context["publish_box"] = writing.publish_box(
            post=stored, user=request.user, request=request, form=context["adminform"].form
        )
        context["saved_address"] = (
            stored.get_absolute_url() if stored and stored.published_at else ""
        )
        context["preview_url"] = (
            reverse("admin:posts_post_preview", args=[quote(stored.pk)])
            if stored is not None
            else reverse("admin:posts_post_preview_new")
        )
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
        request._post_was_live_or_scheduled = (
            before is not None and before.status == Post.Status.PUBLISHED
        )
        self._change_state(request, obj, form, before)
        if before is not None and (before.is_published or before.is_expired):
            post_address_remember(post=obj, old_path=before.get_absolute_url())

    def _change_state(self, request, obj, form, before):
        """Save the post through the publishing rules, as the button pressed asks."""
        current = getattr(request, "_post_before_revert", None)
        if current is not None:
            post_keep_state(post=obj, current=current)
            obj.save()
            return
        # The form's time is what the editor chose; the post keeps its own until a rule moves it.
        chosen = form.cleaned_data.get("published_at")
        obj.published_at = before.published_at if before is not None else None
        # The list's editable column sends a form of its own, with no buttons.
        action = getattr(form, "action", "")
        user = request.user
        if action == writing.UNPUBLISH:
            post_unpublish(post=obj, user=user)
        elif action == writing.PUBLISH and chosen is not None and chosen > timezone.now():
            post_schedule(post=obj, user=user, at=chosen)
        elif action == writing.PUBLISH:
            post_publish(post=obj, user=user, at=chosen)
        elif obj.status == Post.Status.PUBLISHED:
            # Also for Save draft sent from a page opened before the post went live: a live
            # post is never taken down without the Move to drafts button.
            post_update(post=obj, user=user, at=chosen)
        else:
            post_save_draft(post=obj, user=user)

    def response_add(self, request, obj, post_url_continue=None):
        return self._response_saved(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._response_saved(request, obj) or super().response_change(request, obj)

    def _response_saved(self, request, obj):
        """Stay on the writing screen and say what happened, as WordPress does."""
        if IS_POPUP_VAR in request.POST:
            return None
        if "_preview" in request.POST:
            return redirect(obj.get_absolute_url())
        version = getattr(request, "_post_restored_version", None)
        if version is not None:
            message = writing.restored_message(version=version, post=obj)
        else:
            message = writing.done_message(
                action=writing.form_action(request.POST),
                post=obj,
                was_live_or_scheduled=getattr(request, "_post_was_live_or_scheduled", False),
            )
        self.message_user(request, message, messages.SUCCESS)
        return redirect(reverse("admin:posts_post_change", args=[quote(obj.pk)]))

    # --- Previewing ---------------------------------------------------------------------------

    def preview_view(self, request, object_id=None):
        """Show the post as readers would see it: the form's unsaved values, or the saved post."""
        stored = None
        if object_id is not None:
            stored = self.get_object(request, unquote(object_id))
            if stored is None:
                raise Http404("No post with this id.")
            if not self.has_view_or_change_permission(request, stored):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            # Only a form's values are previewed here; a saved post has its own preview address.
            where = stored.get_absolute_url() if stored else reverse("admin:posts_post_add")
            return redirect(where)
        if stored is not None and not self.has_change_permission(request, stored):
            raise PermissionDenied
        form_class = self.get_form(request, stored, change=stored is not None)
        form = form_class(request.POST, request.FILES, instance=stored)
        return preview_response(request, form=form, stored=stored)

    # --- Bulk actions -------------------------------------------------------------------------

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.action(description="Publish selected posts", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._change_each(request, queryset, post_publish, "Published")

    @admin.action(description="Move selected posts to drafts", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._change_each(request, queryset, post_unpublish, "Moved to drafts")

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
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<path:object_id>/history/compare/", compare, name="posts_post_compare"),
            path("preview/", preview, name="posts_post_preview_new"),
            path("<path:object_id>/preview/", preview, name="posts_post_preview"),
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
        post = self.get_object(request, unquote(object_id))
        context = {
            "version_rows": rows,
            "record_rows": record_rows(post) if post is not None else [],
            "audit_log_url": audit_log_url(request),
            "compare_url": reverse("admin:posts_post_compare", args=[quote(object_id)]),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring writes the old version before the form is saved, so save_model would see
        # the restored address as the one it replaces; remember the real one first. get_object
        # answers None for an id that could not be a post's, which then ends in a 404.
        request._post_before_revert = self.get_object(request, unquote(object_id))
        request._post_tags_before_revert = (
            list(request._post_before_revert.tags.all()) if request._post_before_revert else []
        )
        request._post_restored_version = Version.objects.filter(
            pk=version_id, object_id=unquote(object_id)
        ).first()
        post = request._post_before_revert
        context = {
            "title": f"Restore an earlier version of “{post}”" if post else "Restore a version",
            **(extra_context or {}),
        }
        return super().revision_view(request, object_id, version_id, context)

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


# What the post admin is built on, below PostWritingAdminMixin and what other apps add.
POST_ADMIN_BASES = (TagsAndAuthorAdminMixin, LabelledListEditableMixin, VersionAdmin)

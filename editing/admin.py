"""Hook autosave, its offer, the leaving prompt and who else is editing into a post's admin form."""

from django import forms
from django.conf import settings
from django.forms.widgets import Script
from django.urls import reverse

from editing.services import autosave_clear, autosave_to_offer
from editing.words import offer_sentence

# The form's pages that edit a post; history, revision and recovery pages reuse the same form.
EDITING_PAGES = {"posts_post_add", "posts_post_change"}


def editing_media(request, post):
    """Return the script and style of the editing notices, configured for this page."""
    user = request.user
    settings_for_script = {
        "autosave-seconds": settings.CEOBLOG_AUTOSAVE_SECONDS,
        "heartbeat-seconds": settings.CEOBLOG_EDITING_HEARTBEAT_SECONDS,
        "csrf-cookie": settings.CSRF_COOKIE_NAME,
    }
    if post is None:
        settings_for_script["autosave-url"] = reverse("editing:autosave-new")
        settings_for_script["discard-url"] = reverse("editing:autosave-new-discard")
    else:
        settings_for_script["autosave-url"] = reverse("editing:autosave", args=[post.pk])
        settings_for_script["discard-url"] = reverse("editing:autosave-discard", args=[post.pk])
        settings_for_script["presence-url"] = reverse("editing:presence", args=[post.pk])
        settings_for_script["presence-end-url"] = reverse("editing:presence-end", args=[post.pk])
    if request.method == "POST":
        # The form came back with errors: what it shows was typed, not saved.
        settings_for_script["unsaved"] = "true"
    else:
        offered = autosave_to_offer(user=user, post=post)
        if offered is not None:
            settings_for_script["offer"] = offer_sentence(offered)
    # The script reads its settings from its own tag (document.currentScript): no inline script.
    attributes = {f"data-{name}": str(value) for name, value in settings_for_script.items()}
    return forms.Media(
        css={"all": ["editing/editing.css"]}, js=[Script("editing/editing.js", **attributes)]
    )


class EditingAdminMixin:
    """Keep a person's unsaved work on a post's add and change pages."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        match = request.resolver_match
        page = match.url_name if match else None
        may_edit = (
            self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        )
        if page in EDITING_PAGES and may_edit:
            context["media"] = context["media"] + editing_media(request, None if add else obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        # Called once the post itself is saved, however the admin saves it (the writing screen's
        # buttons save through posts.workflow rather than ModelAdmin.save_model).
        super().save_related(request, form, formsets, change)
        obj = form.instance
        # The post now holds what the autosave kept; a new post's autosave had no post yet.
        autosave_clear(user=request.user, post=obj)
        if not change:
            autosave_clear(user=request.user, post=None)

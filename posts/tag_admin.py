"""The tag list in the admin: rename a tag, or merge several into one, keeping old addresses."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.db.models.functions import Lower
from django.template.response import TemplateResponse
from taggit.models import Tag

from posts.tagging import tag_merge, tag_rename

# taggit's own Tag admin adds a "merge tags" page that any staff member can open, that only knows
# taggit's default through model (posts use TaggedPost), and that fails when opened directly.
admin.site.unregister(Tag)


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]
        help_texts = {
            "name": "As readers see it on posts and on the tag's page.",
            "slug": "The last part of the tag's address, /tag/slug/. When it changes, the old "
            "address keeps leading here.",
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        same = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if same is not None:
            raise forms.ValidationError(
                f"There is already a tag “{same.name}”. To make these one tag, tick both in "
                "the list of tags and choose “Merge selected tags”."
            )
        return name


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Keep this tag",
        error_messages={"required": "Choose the tag to keep."},
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = tags
        self.fields["keep"].initial = tags[0].pk
        self.fields["keep"].label_from_instance = lambda tag: (
            f"{tag.name} ({tag.post_count} post{'' if tag.post_count == 1 else 's'})"
        )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    form = TagForm
    list_display = ["name", "slug", "post_count"]
    search_fields = ["name"]
    ordering = [Lower("name")]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_tags"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(post_count=Count("tagged_posts"))

    @admin.display(description="Posts", ordering="post_count")
    def post_count(self, tag):
        return tag.post_count

    def save_model(self, request, obj, form, change):
        if change:
            tag_rename(tag=obj, name=obj.name, slug=obj.slug)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description="Merge selected tags", permissions=["change", "delete"])
    def merge_tags(self, request, queryset):
        tags = queryset.order_by("-post_count", "name")
        if len(tags) < 2:
            self.message_user(request, "Tick at least two tags to merge.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None, tags=tags)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            merged = [tag for tag in tags if tag.pk != keep.pk]
            tag_merge(sources=merged, target=keep)
            names = ", ".join(f"“{tag.name}”" for tag in merged)
            self.message_user(
                request,
                f"Merged {names} into “{keep.name}”. Their old addresses now lead to it.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/taggit/tag/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge tags",
                "opts": self.model._meta,
                "tags": tags,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
            status=400 if form.is_bound else 200,
        )

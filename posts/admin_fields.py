"""The post admin's tag and author boxes, author column and filter, and labelled list boxes."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.urls import path, reverse
from taggit.managers import TaggableManager
from taggit.models import Tag

from posts.authors import BY_NAME, AuthorChoiceField, default_author, full_name, writers_for
from posts.models import TagCount
from posts.tagging import TagNamesField, tags_matching, tags_most_used
from posts.widgets import TagSuggestWidget

SUGGESTIONS_URL = "posts_post_tag_suggestions"


class TagsAndAuthorAdminMixin:
    """Tags suggested as the editor types; the author chosen by name from the people who write."""

    def get_urls(self):
        suggestions = self.admin_site.admin_view(self.tag_suggestions_view)
        return [
            path("tags/suggestions/", suggestions, name=SUGGESTIONS_URL),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager):
            url = reverse(f"{self.admin_site.name}:{SUGGESTIONS_URL}")
            return db_field.formfield(
                form_class=TagNamesField,
                widget=TagSuggestWidget(suggest_url=url),
                help_text="Separate tags with commas. Existing tags are suggested as you type; "
                "a tag typed in any case joins the existing one.",
            )
        if db_field.name == "author":
            return db_field.formfield(
                form_class=AuthorChoiceField,
                queryset=writers_for(None),
                help_text="The person the post is by. Only the people who write are listed: "
                "the Authors group and the Communications team, and the post's own author.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "author" in form.base_fields:
            # A post keeps its author in the list even after they stop writing.
            form.base_fields["author"].queryset = writers_for(obj)
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "author" not in initial:
            author = default_author(request.user)
            if author is not None:
                initial["author"] = author.pk
        return initial

    @admin.display(description="Author", ordering="author__first_name")
    def author_name(self, post):
        return full_name(post.author)

    def tag_suggestions_view(self, request):
        """Answer the tag box: tags matching ?q=, or the most used tags when q is empty."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return JsonResponse({"error": "You cannot tag posts."}, status=403)
        text = request.GET.get("q", "")
        tags = tags_matching(text) if text.strip() else tags_most_used()
        return JsonResponse({"tags": [{"name": tag.name, "posts": tag.post_count} for tag in tags]})


class LabelledListEditableMixin:
    """Name each box edited in the list by its column and its row, for screen readers."""

    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class LabelledForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    if self.instance.pk:
                        field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return LabelledForm


class AuthorListFilter(admin.RelatedOnlyFieldListFilter):
    """Filter the list by the people posts are by, named in full; not every account there is."""

    def field_choices(self, field, request, model_admin):
        ids = model_admin.get_queryset(request).order_by().values("author")
        people = get_user_model().objects.filter(pk__in=ids).order_by(*BY_NAME)
        return [(person.pk, full_name(person)) for person in people]


class PopularTagListFilter(admin.SimpleListFilter):
    """Filter the list by tag: the most used tags, and the one chosen; not all 2,000 of them.

    The address is Django's own for a tag filter (?tags__id__exact=), so the tags' admin and
    old bookmarks still lead here; the tag's page in the admin lists its posts.
    """

    title = "tags"
    parameter_name = "tags__id__exact"
    SHOWN = 30

    def tag_id(self):
        value = self.value()
        return int(value) if value and value.isascii() and value.isdigit() else None

    def lookups(self, request, model_admin):
        popular = TagCount.objects.select_related("tag").order_by("-posts", "tag__name")
        tags = [count.tag for count in popular[: self.SHOWN]]
        chosen = self.tag_id()
        if chosen is not None and chosen not in {tag.pk for tag in tags}:
            tags += list(Tag.objects.filter(pk=chosen))
        return [(str(tag.pk), tag.name) for tag in sorted(tags, key=lambda t: t.name.casefold())]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(tags__id=self.tag_id())

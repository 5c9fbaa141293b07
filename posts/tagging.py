"""Tags: suggesting them as an editor types, renaming them and merging them."""

from functools import wraps

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from taggit.forms import TagField
from taggit.models import Tag

from audit.services import record
from posts.counts import counts_deferred, recount
from posts.models import OldTagSlug, TaggedPost

TAG_NAME_MAX = Tag._meta.get_field("name").max_length
# More would make the post's page heavy and its save slow (every new tag is a few queries).
TAGS_PER_POST_MAX = 50
SUGGESTIONS = 10
MOST_USED = 20


def _with_post_counts(tags):
    return tags.annotate(post_count=Count("tagged_posts"))


def tags_matching(text, *, limit=SUGGESTIONS):
    """Return the tags whose name contains text in any case, those starting with it first."""
    text = text.replace("\x00", "").strip()[:TAG_NAME_MAX]
    if not text:
        return []
    starts_first = Case(
        When(name__istartswith=text, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    tags = _with_post_counts(Tag.objects.filter(name__icontains=text))
    return list(tags.order_by(starts_first, "-post_count", "name")[:limit])


def tags_most_used(*, limit=MOST_USED):
    """Return the tags on the most posts, drafts included, as WordPress offers them."""
    tags = _with_post_counts(Tag.objects.all()).filter(post_count__gt=0)
    return list(tags.order_by("-post_count", "name")[:limit])


class TagNamesField(TagField):
    """The post form's tags: a clear message for too many tags or one too long to keep."""

    def clean(self, value):
        names = super().clean(value)
        if len(names) > TAGS_PER_POST_MAX:
            raise ValidationError(
                f"A post can have at most {TAGS_PER_POST_MAX} tags; this one has {len(names):,}.",
                code="too_many_tags",
            )
        too_long = [name for name in names if len(name) > TAG_NAME_MAX]
        if too_long:
            raise ValidationError(
                [
                    f"A tag can be at most {TAG_NAME_MAX} characters long; "
                    f"“{name[:40]}…” has {len(name)}."
                    for name in too_long
                ],
                code="tag_too_long",
            )
        for name in names:
            self.check_room_for_a_numbered_slug(name)
        return names

    @staticmethod
    def check_room_for_a_numbered_slug(name):
        # taggit gives a new tag whose slug is taken "slug_1", which must fit in 100 characters.
        slug = Tag().slugify(name)
        if len(slug) + 2 <= TAG_NAME_MAX or Tag.objects.filter(name__iexact=name).exists():
            return
        if Tag.objects.filter(slug=slug).exists():
            raise ValidationError(
                f"“{name[:40]}…” is too close to an existing tag's address, /tag/{slug[:40]}…/. "
                "Shorten it, or choose the existing tag.",
                code="tag_slug_taken",
            )


def _remember_old_slug(*, slug, tag):
    OldTagSlug.objects.update_or_create(slug=slug, defaults={"tag": tag})


@transaction.atomic
def tag_rename(*, tag, name, slug):
    """Give a tag a new name and slug; its old address keeps leading to it."""
    old = Tag.objects.filter(pk=tag.pk).values("name", "slug").first() or {}
    old_slug = old.get("slug")
    tag.name, tag.slug = name, slug
    tag.full_clean()
    tag.save()
    # A tag given back a slug it once had answers at it again itself.
    OldTagSlug.objects.filter(slug=slug).delete()
    if old_slug and old_slug != slug:
        _remember_old_slug(slug=old_slug, tag=tag)
    if old and (old["name"], old_slug) != (name, slug):
        record(
            "tag.rename",
            obj=tag,
            message=f"Renamed “{old['name']}” ({old_slug}) to “{name}” ({slug}).",
        )
    return tag


@transaction.atomic
def tag_merge(*, sources, target):
    """Move every post tagged with one of sources to target, then delete sources."""
    sources = [tag for tag in sources if tag.pk != target.pk]
    if sources:
        names = ", ".join(f"“{tag.name}” ({tag.slug})" for tag in sources)
        record("tag.merge", obj=target, message=f"Merged {names} into “{target.name}”.")
    with counts_deferred():
        for source in sources:
            _merge_one(source, target)
        # Moving the links with update() sends no signal.
        recount(tags=[target.pk])
    return target


def _merge_one(source, target):
    already = TaggedPost.objects.filter(tag=target).values("content_object")
    links = TaggedPost.objects.filter(tag=source)
    links.filter(content_object__in=already).delete()
    links.update(tag=target)
    OldTagSlug.objects.filter(tag=source).update(tag=target)
    _remember_old_slug(slug=source.slug, tag=target)
    # Deleting the tag renews the cached pages, which the updates above do not.
    source.delete()


def tag_for_old_slug(slug):
    """Return the tag that a former slug now leads to, or None."""
    old = OldTagSlug.objects.filter(slug=slug).select_related("tag").first()
    return old.tag if old else None


def follow_old_tag_slug(view):
    """Answer a renamed or merged tag's old addresses (page, later pages, feeds) with a 301."""

    @wraps(view)
    def wrapper(request, *args, slug, **kwargs):
        try:
            return view(request, *args, slug=slug, **kwargs)
        except Http404:
            # Only addresses that are not found pay for the look-up.
            tag = None if Tag.objects.filter(slug=slug).exists() else tag_for_old_slug(slug)
            if tag is None:
                raise
        match = request.resolver_match
        # The address's own arguments, some of which an outer wrapper may have taken.
        target = reverse(match.view_name, kwargs={**match.kwargs, "slug": tag.slug})
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)

    return wrapper

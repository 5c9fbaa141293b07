import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from photos.usage import photo_ids_in_html
from posts.fulltext import search_document
from posts.links import reverse_remembered
from posts.sanitize import sanitize_html

EXCERPT_WORDS = 55
# How an untitled draft is named in lists and messages.
UNTITLED = "(no title)"


def published_q(now=None, prefix=""):
    """The one rule for what readers may see, as a filter on posts.

    Published, with a publication time already past and no unpublish time yet reached: a post
    goes live and leaves the blog by the clock alone, with no job to run. With a prefix
    ("post__"), the same rule on the post of a related row, through the join a query already has.
    """
    now = now or timezone.now()
    live = Q(**{f"{prefix}status": Post.Status.PUBLISHED, f"{prefix}published_at__lte": now})
    not_yet_gone = Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(
        **{f"{prefix}unpublish_at__gt": now}
    )
    return live & not_yet_gone


def expired_q(now=None):
    """Posts that were published and have left the blog at their unpublish time."""
    now = now or timezone.now()
    return Q(status=Post.Status.PUBLISHED, unpublish_at__lte=now)


def unpublish_too_early_message(published_at):
    local = timezone.localtime(published_at)
    when = f"{local.day} {local:%B %Y} at {local:%H:%M}"
    return (
        f"Choose an unpublish time after the publication time ({when}), "
        "or leave it empty to keep the post on the blog."
    )


def counted_state(fields):
    """Return what posts.counts counts of a post's loaded fields, or None if not all loaded."""
    try:
        published = fields["status"] == "published" and fields["published_at"] is not None
        day, author = fields["published_on"], fields["author_id"]
    except KeyError:
        return None
    return (published, day.replace(day=1) if day else None, author)


# What apps above posts add to every list of posts (comments: how many each has), so that a list
# costs no query per post. name -> function returning an expression for annotate().
_listing_annotations = {}


def listing_annotation_register(name, make_expression):
    """Add an annotation to Post.objects.for_listing(); call it from AppConfig.ready()."""
    _listing_annotations[name] = make_expression


class PostQuerySet(models.QuerySet):
    def published(self, now=None):
        """Return the posts readers may see: see published_q."""
        return self.filter(published_q(now))

    def gone_live(self):
        """Return the posts readers have seen: published and live, or expired since."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def expired(self):
        """Return the published posts whose unpublish time has passed."""
        return self.filter(expired_q())

    def for_listing(self):
        """Fetch what a list of posts shows without one query per post."""
        posts = self.select_related("author", "featured_photo").prefetch_related("tags")
        annotations = {name: make() for name, make in _listing_annotations.items()}
        return posts.annotate(**annotations) if annotations else posts


@reversion.register()
class TaggedPost(TaggedItemBase):
    """Link a tag to a post through a real foreign key rather than a generic relation."""

    content_object = models.ForeignKey(
        "Post", on_delete=models.CASCADE, related_name="tagged_items"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_posts")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_tag_per_post")
        ]
        # A tag's page and count read the post ids from the index alone.
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedpost_tag_post_idx")]

    def __str__(self):
        return f"{self.tag} on {self.content_object}"


# Tags are followed so that restoring a version brings back the tags it had.
@reversion.register(follow=["tagged_items"])
class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    # A draft may be untitled and empty; publishing asks for a title and a body (posts.workflow).
    title = models.CharField(max_length=200, blank=True, help_text="The headline readers see.")
    slug = models.SlugField(
        max_length=200,
        allow_unicode=True,
        blank=True,
        help_text="The last part of the post's address; unique among posts of the same day. "
        "Left empty, it is made from the title.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        help_text="The person the post is by, usually the chief executive.",
    )
    body = models.TextField(
        blank=True, help_text="The post itself. Unsafe markup is removed when saved."
    )
    excerpt = models.TextField(
        blank=True,
        help_text="A short summary for feeds and previews. Left empty, the opening words are used.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published posts whose publication time has come are shown to readers.",
    )
    # Empty for a draft: a post is dated when it is published or scheduled, not when started.
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the post goes live. A future time schedules it; it appears by itself.",
    )
    # The local calendar day of published_at, kept so that "one slug per day" is a constraint.
    published_on = models.DateField(null=True, editable=False)
    is_sticky = models.BooleanField(
        "Pin to the top of the home page",
        default=False,
        help_text="A pinned post stays above newer posts on the home page.",
    )
    featured_photo = models.ForeignKey(
        "photos.Photo",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="featured_in",
        help_text="A photo from the library shown at the top of the post and beside it in lists. "
        "Its alt text, caption and credit come from the library.",
    )
    # The library photos the body shows, kept in step with the body by save(): a photo is for
    # every reader once a published post shows it (posts.media_access).
    body_photos = models.ManyToManyField(
        "photos.Photo", blank=True, editable=False, related_name="in_post_bodies"
    )
    comments_open = models.BooleanField(
        default=True,
        help_text="Untick to close comments: earlier comments stay visible, new ones are refused.",
    )
    # Set, the post leaves every reader surface at this time, by the same rule as going live.
    unpublish_at = models.DateTimeField(
        "Unpublish at",
        null=True,
        blank=True,
        help_text="Optional: the post leaves the blog by itself at this time "
        "(a consultation or an event that ends).",
    )
    comments_close_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Optional: comments close by themselves at this time.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the post was created.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="posts_created",
        help_text="Who created the post in the admin.",
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When the post was last changed.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="posts_updated",
        help_text="Who last changed the post in the admin.",
    )

    tags = TaggableManager(
        through=TaggedPost,
        blank=True,
        help_text="A comma-separated list of tags.",
    )

    # Kept by PostgreSQL itself, so every way of saving a post (admin, import, bulk update) keeps
    # search current; NULL on other databases, where search falls back to plain matching.
    search_vector = models.GeneratedField(
        expression=search_document(),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        editable=False,
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [
            ("publish_post", "Can publish and unpublish posts"),
            ("approve_post", "Can approve posts and override the checks before publishing"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["published_on", "slug"], name="unique_slug_per_day"),
        ]
        indexes = [
            # Covers the lists and counts of published posts (month counts read published_on,
            # tag counts join on id) so PostgreSQL answers them from the index alone. Both carry
            # unpublish_at, which the published rule reads too (INCLUDE: PostgreSQL only).
            models.Index(
                fields=["status", "published_at", "published_on", "id"],
                include=["unpublish_at"],
                name="post_published_cover_idx",
            ),
            models.Index(
                fields=["status", "-is_sticky", "-published_at"],
                include=["unpublish_at"],
                name="post_front_page_idx",
            ),
            # The admin's list: drafts first, then the newest (PostAdmin.ordering; PostgreSQL
            # puts NULLs first in a descending index by itself, SQLite's cannot say so).
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                name="post_admin_list_idx",
            ),
            # An author's page, and the recount of their published posts.
            models.Index(
                fields=["author", "status", "-published_at"],
                include=["unpublish_at"],
                name="post_author_published_idx",
            ),
            # The next unpublish time, which the page cache asks for on every change; few posts
            # have one, so the index is small.
            models.Index(
                fields=["unpublish_at"],
                condition=Q(unpublish_at__isnull=False),
                name="post_unpublish_at_idx",
            ),
        ]

    def __str__(self):
        return self.title or UNTITLED

    def save(self, *args, **kwargs):
        # Derived columns: the local publication day and the sanitised body are kept in step with
        # their sources on every save, whatever the caller (admin, importer, fixture, shell).
        self.published_on = self.local_published_on()
        self.body = sanitize_html(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "published_on", "body"}
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding or self.body != getattr(self, "_body_photos_of", None):
            self._body_photos_record(adding)

    def get_absolute_url(self):
        if self.published_at is None:
            # A draft has no date, so no reader's address yet: editors preview it here.
            return reverse("posts:draft", args=[self.pk])
        local = self.local_published_at()
        return reverse_remembered(
            "posts:detail",
            year=f"{local.year:04d}",
            month=f"{local.month:02d}",
            day=f"{local.day:02d}",
            slug=self.slug,
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        post = super().from_db(db, field_names, values)
        # Every save records the body's photos, so a post as loaded is in step with its body.
        post._body_photos_of = post.__dict__.get("body")
        # What the counts of published posts (posts/counts.py) knew of it.
        post._counted_as = counted_state(post.__dict__)
        return post

    def _body_photos_record(self, adding):
        shown = photo_ids_in_html(self.body)
        if adding:
            if shown:
                self.body_photos.add(*shown)
        else:
            self.body_photos.set(shown)
        self._body_photos_of = self.body

    def clean(self):
        if (
            self.unpublish_at is not None
            and self.published_at is not None
            and self.unpublish_at <= self.published_at
        ):
            raise ValidationError({"unpublish_at": unpublish_too_early_message(self.published_at)})
        self.published_on = self.local_published_on()
        if self.published_on is None or not self.slug:
            return
        duplicate = Post.objects.filter(published_on=self.published_on, slug=self.slug)
        if duplicate.exclude(pk=self.pk).exists():
            raise ValidationError(
                {
                    "slug": "Another post published on the same day already uses this slug. "
                    "Choose a different slug or publication date."
                }
            )

    def local_published_at(self):
        return timezone.localtime(self.published_at) if self.published_at else None

    def local_published_on(self):
        return self.local_published_at().date() if self.published_at else None

    @property
    def is_published(self):
        """Whether readers may see the post now: the same rule as published_q."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and not self.has_expired_at(now)
        )

    @property
    def is_expired(self):
        """Whether the post was published and has left the blog at its unpublish time."""
        return self.status == self.Status.PUBLISHED and self.has_expired_at(timezone.now())

    def has_expired_at(self, now):
        return self.unpublish_at is not None and self.unpublish_at <= now

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def body_html(self):
        # The body was sanitised with an allow-list when it was saved.
        return mark_safe(self.body)  # noqa: S308

    @property
    def summary(self):
        """Return the excerpt, or the body's opening words when there is none."""
        if self.excerpt.strip():
            return self.excerpt
        return Truncator(strip_tags(self.body)).words(EXCERPT_WORDS, truncate=" …")


class OldAddress(models.Model):
    """An address a published post used to have, kept so that links to it still arrive."""

    path = models.CharField(
        max_length=500, unique=True, help_text="The old address, from the first slash."
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        related_name="old_addresses",
        help_text="The post the old address now leads to.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "old addresses"

    def __str__(self):
        return f"{self.path} → {self.post}"


class OldTagSlug(models.Model):
    """A tag's former slug, kept so that /tag/<slug>/ still leads to the renamed or merged tag."""

    slug = models.SlugField(
        max_length=100, unique=True, allow_unicode=True, help_text="The slug the tag used to have."
    )
    tag = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        related_name="old_slugs",
        help_text="The tag the old address now leads to.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old tag address"

    def __str__(self):
        return f"/tag/{self.slug}/ → {self.tag}"


# --- Counts of published posts (posts/counts.py keeps them) ------------------------------------
# Counting 100,000 posts on every page costs more than the rest of the page; these rows hold how
# many posts have the published status per month, tag and author, recounted in the transaction
# that changes them. Readers' counts subtract the few posts the clock hides (scheduled or
# expired), so published_q stays the one rule.


class MonthCount(models.Model):
    month = models.DateField(primary_key=True, help_text="The first day of the local month.")
    posts = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.month:%B %Y}: {self.posts}"


class TagCount(models.Model):
    # No database constraint: deleting a tag deletes its links first, whose recount may write
    # this row again; posts.counts removes it once the tag itself is gone.
    tag = models.OneToOneField(
        Tag,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="published_count",
    )
    posts = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["-posts"], name="tagcount_posts_idx")]

    def __str__(self):
        return f"{self.tag_id}: {self.posts}"


class AuthorCount(models.Model):
    author = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="published_count",
    )
    posts = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.author_id}: {self.posts}"

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import models
from django.urls import Resolver404, get_script_prefix, resolve, reverse
from django.utils.safestring import mark_safe

from pages.defaults import default_statement_fields
from pages.privacy_defaults import default_notice_fields
from posts.sanitize import sanitize_html

# The statement is a singleton: its one row always has this primary key.
STATEMENT_PK = 1
# So is the privacy notice.
NOTICE_PK = 1


class OneRowPage(models.Model):
    """A page of which the site has exactly one row, written in the admin.

    Each field named in html_fields is sanitised with the posts' allow-list when saved.
    """

    one_pk = 1
    html_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = self.one_pk
        for name in self.html_fields:
            setattr(self, name, sanitize_html(getattr(self, name)))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.html_fields}
        super().save(*args, **kwargs)


class AccessibilityStatement(OneRowPage):
    """The site's accessibility statement, in the form UK public-sector bodies publish."""

    class Compliance(models.TextChoices):
        FULL = "full", "Fully compliant"
        PARTIAL = "partial", "Partially compliant"
        NONE = "none", "Not compliant"

    introduction = models.TextField(
        help_text="Everything before the compliance status: who the statement is for, how "
        "accessible the site is, how to report a problem and the enforcement procedure. "
        "Start headings at level 2. Unsafe markup is removed when saved.",
    )
    compliance = models.CharField(
        "compliance status",
        max_length=20,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
        help_text="How far the site meets WCAG 2.2 AA. Anything short of fully compliant "
        "must be explained under non-accessible content.",
    )
    non_accessible_content = models.TextField(
        help_text="Known problems, content outside the regulations' scope and what is being "
        "done to improve. Start headings at level 2. Unsafe markup is removed when saved.",
    )
    prepared_on = models.DateField(help_text="When the statement was first prepared.")
    reviewed_on = models.DateField(help_text="When the statement was last reviewed.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "accessibility statement"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=STATEMENT_PK), name="single_accessibility_statement"
            ),
        ]

    one_pk = STATEMENT_PK
    html_fields = ("introduction", "non_accessible_content")

    def __str__(self):
        return "Accessibility statement"

    def get_absolute_url(self):
        return reverse("pages:accessibility")

    @property
    def introduction_html(self):
        # Sanitised with the posts' allow-list when it was saved.
        return mark_safe(self.introduction)  # noqa: S308

    @property
    def non_accessible_content_html(self):
        return mark_safe(self.non_accessible_content)  # noqa: S308


def accessibility_statement_get():
    """Return the accessibility statement, creating it with the default text if it is missing."""
    statement, _ = AccessibilityStatement.objects.get_or_create(
        pk=STATEMENT_PK, defaults=default_statement_fields()
    )
    return statement


class PrivacyNotice(OneRowPage):
    """What the blog keeps about the people who read it, for how long, and who sees it."""

    body = models.TextField(
        help_text="The notice: what is counted, how long it is kept, who sees what. Start "
        "headings at level 2. The page adds the retention period and thresholds set by IT "
        "after it. Unsafe markup is removed when saved.",
    )
    reviewed_on = models.DateField(help_text="When the notice was last reviewed.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "privacy notice"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=NOTICE_PK), name="single_privacy_notice"),
        ]

    one_pk = NOTICE_PK
    html_fields = ("body",)

    def __str__(self):
        return "Privacy notice"

    def get_absolute_url(self):
        return reverse("pages:privacy")

    @property
    def body_html(self):
        # Sanitised with the posts' allow-list when it was saved.
        return mark_safe(self.body)  # noqa: S308


def privacy_notice_get():
    """Return the privacy notice, creating it with the default text if it is missing."""
    notice, _ = PrivacyNotice.objects.get_or_create(pk=NOTICE_PK, defaults=default_notice_fields())
    return notice


def validate_page_path(value):
    """Check that a page's address is words between slashes, answered by no other view."""
    segments = value.split("/")
    if len(value) < 3 or segments[0] or segments[-1] or not all(segments[1:-1]):
        raise ValidationError("Write the address between slashes, e.g. /about/ or /about/team/.")
    for segment in segments[1:-1]:
        validate_unicode_slug(segment)
    try:
        resolve(value)
    except Resolver404:
        return
    else:
        raise ValidationError(
            "Another part of the site answers at %(path)s.", params={"path": value}
        )


class Page(models.Model):
    """A page of the site beside the blog's posts: About, Contact and the like."""

    title = models.CharField(max_length=200, help_text="The page's heading.")
    path = models.CharField(
        "address",
        max_length=200,
        unique=True,
        validators=[validate_page_path],
        help_text="Where the page lives, between slashes: /about/ or /about/team/. Letters, "
        "numbers and hyphens; an old blog's page keeps its old address.",
    )
    body = models.TextField(
        blank=True, help_text="The page itself. Unsafe markup is removed when saved."
    )
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Readers see published pages, listed at the foot of every page.",
    )
    order = models.IntegerField(
        default=0, help_text="Pages are listed in this order (lowest first), then by title."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Not a URL pattern (pages.middleware): the address under the site's script prefix.
        return get_script_prefix() + self.path.lstrip("/")

    @property
    def body_html(self):
        # Sanitised with the posts' allow-list when it was saved.
        return mark_safe(self.body)  # noqa: S308


def pages_listed():
    """Return the published pages, in the order the site lists them."""
    return Page.objects.filter(is_published=True).only("title", "path")

from django import template
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from taggit.models import Tag

from posts.models import Post

register = template.Library()

RECENT_POSTS = 5


@register.inclusion_tag("posts/_sidebar.html")
def sidebar():
    """Render the archive months, tags and recent posts, counting published posts only."""
    published = Post.objects.published()
    months = (
        published.annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("-month")
    )
    tags = (
        Tag.objects.filter(tagged_posts__content_object__in=published)
        .annotate(count=Count("tagged_posts"))
        .order_by("name")
    )
    recent = published.only("title", "slug", "published_at").order_by("-published_at", "-id")
    return {"months": months, "tags": tags, "recent_posts": recent[:RECENT_POSTS]}


@register.filter
def datetime_attr(value):
    """Format an aware datetime for a <time datetime> attribute: local time, whole seconds."""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """Return the full address of a path on this site, as the reader's browser reached it."""
    return context["request"].build_absolute_uri(path)

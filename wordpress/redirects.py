"""Where an old WordPress address now lives, or None when it has no new home readers may see."""

import re
from urllib.parse import urlencode

from django.urls import reverse
from taggit.models import Tag

from pages.models import Page
from posts.models import Post
from posts.tagging import tag_for_old_slug
from wordpress.media import PHOTO_FILE_FIELD, SIZE_SUFFIX
from wordpress.models import ImportedObject

# WordPress's feed names: /?feed=rss2, /feed/rss2/ and so on.
RSS_FEEDS = {"", "rss", "rss2", "rdf"}
FEED_PATH = re.compile(r"^/feed/(?P<name>rss2?|rdf|atom)/?$")
MONTH = re.compile(r"^([0-9]{4})([0-9]{2})?([0-9]{2})?$")


def search_url(words):
    return f"{reverse('posts:search')}?{urlencode({'q': words})}"


def feed_url(name):
    name = (name or "").lower()
    if name == "atom":
        return reverse("posts:feed-atom")
    return reverse("posts:feed") if name in RSS_FEEDS else None


def object_url(mapping):
    """Return the address of what an imported object became, if readers may see it."""
    if mapping is None:
        return None
    if mapping.kind == ImportedObject.Kind.POST:
        post = Post.objects.published().filter(pk=mapping.object_id).first()
        return post.get_absolute_url() if post else None
    if mapping.kind in {ImportedObject.Kind.TAG, ImportedObject.Kind.CATEGORY}:
        tag = Tag.objects.filter(pk=mapping.object_id).first()
        return reverse("posts:tag", kwargs={"slug": tag.slug}) if tag else None
    if mapping.kind == ImportedObject.Kind.PAGE:
        page = Page.objects.filter(pk=mapping.object_id, is_published=True).first()
        return page.get_absolute_url() if page else None
    if mapping.kind == ImportedObject.Kind.ATTACHMENT:
        photo = mapping.content_object
        return getattr(photo, PHOTO_FILE_FIELD).url if photo else None
    return None


def _mapping(**lookup):
    return ImportedObject.objects.filter(**lookup).order_by("-updated_at").first()


def is_id(value):
    """Say whether value could be a WordPress ID (a database's big integer)."""
    return value.isascii() and value.isdigit() and len(value) < 19


def query_target(query):
    """Return the new address for WordPress's query-string forms of the home page."""
    if any("\x00" in value for value in query.values()):
        # No address holds one, and PostgreSQL refuses to compare text with it.
        return None
    if is_id(query.get("p", "")):
        return object_url(_mapping(kind=ImportedObject.Kind.POST, wp_id=int(query["p"])))
    if is_id(query.get("page_id", "")):
        return object_url(_mapping(kind=ImportedObject.Kind.PAGE, wp_id=int(query["page_id"])))
    if "m" in query:
        return archive_url(query["m"])
    if query.get("tag"):
        return tag_url(query["tag"])
    if query.get("cat"):
        value = query["cat"]
        if is_id(value):
            return object_url(_mapping(kind=ImportedObject.Kind.CATEGORY, wp_id=int(value)))
        return object_url(
            _mapping(kind=ImportedObject.Kind.CATEGORY, old_path=f"/category/{value}/")
        )
    if "s" in query:
        return search_url(query["s"])
    if "feed" in query:
        return feed_url(query["feed"])
    return None


def archive_url(value):
    match = MONTH.match(value.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    if day:
        name, kwargs = "posts:archive-day", {"year": year, "month": month, "day": day}
    elif month:
        name, kwargs = "posts:archive-month", {"year": year, "month": month}
    else:
        name, kwargs = "posts:archive-year", {"year": year}
    return reverse(name, kwargs=kwargs)


def tag_url(slug):
    url = object_url(_mapping(kind=ImportedObject.Kind.TAG, old_path=f"/tag/{slug}/"))
    if url is None and Tag.objects.filter(slug=slug).exists():
        url = reverse("posts:tag", kwargs={"slug": slug})
    if url is None and (renamed := tag_for_old_slug(slug)) is not None:
        url = reverse("posts:tag", kwargs={"slug": renamed.slug})
    return url


def path_target(path):
    """Return the new address for an old path that this site does not answer itself."""
    if "\x00" in path:
        return None
    feed = FEED_PATH.match(path)
    if feed:
        target = feed_url(feed.group("name"))
        return target if target != path else None
    candidates = {path, path.rstrip("/") + "/", path.rstrip("/")}
    if path.startswith("/wp-content/uploads/"):
        candidates.add(SIZE_SUFFIX.sub("", path))
    candidates.discard("")
    return object_url(_mapping(old_path__in=candidates))

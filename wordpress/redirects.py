"""Where an old WordPress address now lives, or None when it has no new home readers may see."""

import re
from urllib.parse import urlencode

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from taggit.models import Tag

from posts.models import Post
from wordpress.media import PHOTO_FILE_FIELD, SIZE_SUFFIX
from wordpress.models import ImportedObject

# WordPress's feed names: /?feed=rss2, /feed/rss2/ and so on.
RSS_FEEDS = {"", "rss", "rss2", "rdf"}
FEED_PATH = re.compile(r"^/feed/(?P<name>rss2?|rdf|atom)/?$")
MONTH = re.compile(r"^(\d{4})(\d{2})?(\d{2})?$")


def existing_path(path):
    """Return path if some view of this site answers it (feeds and search are optional)."""
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


def search_url(words):
    try:
        base = reverse("search")
    except NoReverseMatch:
        base = existing_path("/search/")
    return f"{base}?{urlencode({'q': words})}" if base else None


def feed_url(name):
    name = (name or "").lower()
    if name == "atom":
        return existing_path("/feed/atom/")
    return existing_path("/feed/") if name in RSS_FEEDS else None


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
    if mapping.kind == ImportedObject.Kind.ATTACHMENT:
        photo = mapping.content_object
        return getattr(photo, PHOTO_FILE_FIELD).url if photo else None
    return None


def _mapping(**lookup):
    return ImportedObject.objects.filter(**lookup).order_by("-updated_at").first()


def query_target(query):
    """Return the new address for WordPress's query-string forms of the home page."""
    if query.get("p", "").isdigit():
        return object_url(_mapping(kind=ImportedObject.Kind.POST, wp_id=int(query["p"])))
    if "m" in query:
        return archive_url(query["m"])
    if query.get("tag"):
        return tag_url(query["tag"])
    if query.get("cat"):
        value = query["cat"]
        if value.isdigit():
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
    return url


def path_target(path):
    """Return the new address for an old path that this site does not answer itself."""
    feed = FEED_PATH.match(path)
    if feed:
        target = feed_url(feed.group("name"))
        return target if target != path else None
    candidates = {path, path.rstrip("/") + "/", path.rstrip("/")}
    if path.startswith("/wp-content/uploads/"):
        candidates.add(SIZE_SUFFIX.sub("", path))
    candidates.discard("")
    return object_url(_mapping(old_path__in=candidates))

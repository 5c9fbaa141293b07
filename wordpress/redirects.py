"""Where an old WordPress address now lives, or None when it has no new home readers may see."""

import re
from urllib.parse import urlencode

from django.urls import Resolver404, get_script_prefix, resolve, reverse
from taggit.models import Tag

from pages.models import Page
from posts.models import Post
from posts.tagging import tag_for_old_slug
from wordpress.media import SIZE_SUFFIX, library_file_url
from wordpress.models import ImportedObject

# WordPress's feed names: /?feed=rss2, /feed/rss2/ and so on.
RSS_FEEDS = {"", "rss", "rss2", "rdf"}
FEED_PATH = re.compile(r"^/feed/(?P<name>rss2?|rdf|atom)/?$")
MONTH = re.compile(r"^([0-9]{4})([0-9]{2})?([0-9]{2})?$")
# WordPress answers its home page's queries at /index.php as well as at /.
HOME_PATHS = {"/", "/index.php"}


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
        # A photo, a document or a recording: the address of its file in the library.
        return library_file_url(mapping.content_object)
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
    if is_id(query.get("attachment_id", "")):
        # An attachment's own page on the old blog: its file, in the library it went to.
        wp_id = int(query["attachment_id"])
        return object_url(_mapping(kind=ImportedObject.Kind.ATTACHMENT, wp_id=wp_id))
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


def blog_prefixes():
    """Return the folders imported blogs lived in ("/ceo-blog"), longest first; not the root."""
    sources = ImportedObject.objects.order_by().values_list("source", flat=True).distinct()
    prefixes = {"/" + source.partition("/")[2].strip("/") for source in sources}
    prefixes.discard("/")
    return sorted(prefixes, key=len, reverse=True)


def within_blog(path):
    """Return path as the old blog knew it: without the folder it lived in, if it had one.

    Old paths are kept relative to the blog ("/2013/05/16/slug/"). When ceoblog runs under the
    same folder (FORCE_SCRIPT_NAME) the path it is given is already relative; at the host's root
    the old links still start with the folder, which is taken off here. None if it starts with
    no imported blog's folder.
    """
    for prefix in blog_prefixes():
        if path == prefix or path.startswith(prefix + "/"):
            return path[len(prefix) :] or "/"
    return None


def is_home(path):
    return path in HOME_PATHS


def moved_page_url(relative, query_string=""):
    """Return ceoblog's own address for an old blog's path it answers too ("/2013/05/", "/")."""
    if is_home(relative):
        return get_script_prefix()
    try:
        resolve(relative)
    except Resolver404:
        return None
    url = get_script_prefix() + relative.lstrip("/")
    return f"{url}?{query_string}" if query_string else url


def path_target(path):
    """Return the new address for an old path that this site does not answer itself."""
    if "\x00" in path:
        return None
    feed = FEED_PATH.match(path)
    if feed:
        target = feed_url(feed.group("name"))
        return target if target != path else None
    candidates = {path, path.rstrip("/") + "/", path.rstrip("/")}
    candidates.discard("")
    target = object_url(_mapping(old_path__in=candidates))
    if target is None and path.startswith("/wp-content/uploads/"):
        # A resized copy WordPress made (photo-300x200.jpg): the original's new address. Looked
        # for second, as a file's own name may end like one.
        target = object_url(_mapping(old_path=SIZE_SUFFIX.sub("", path)))
    return target

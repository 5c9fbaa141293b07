"""RSS 2.0 and Atom feeds of published posts, with conditional GET.

A post's comment feeds are comments/feeds.py, built on ConditionalFeed here.
"""

import copy
import hashlib
import html
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape, strip_tags
from django.views.decorators.http import condition
from taggit.models import Tag

from posts.links import absolute_url
from posts.models import Post, expired_q, published_q

FEED_ITEMS = 20
# The "date" part of every tag: URI this site mints (RFC 4151); fixed so that ids never change.
ID_YEAR = "2026"


def feed_id(kind, pk):
    """Return the permanent tag: URI of a post, comment or feed, which survives slug edits."""
    host = urlsplit(settings.CEOBLOG_SITE_URL).hostname or "localhost"
    return f"tag:{host},{ID_YEAR}:{kind}/{pk}"


# Image addresses in a saved body; the sanitiser always writes attributes in double quotes.
IMAGE_ADDRESSES = re.compile(r'\b(src|srcset)="([^"]*)"')


def body_with_image_addresses(body, address):
    """Return the body with each image address on this site replaced by address(path)."""

    def one(url):
        return address(url) if url.startswith("/") and not url.startswith("//") else url

    def replace(match):
        name, value = match[1], html.unescape(match[2])
        if name == "src":
            value = one(value)
        else:
            # "url 800w, url 1200w": each candidate's address, its width kept.
            candidates = (candidate.split() for candidate in value.split(","))
            value = ", ".join(
                " ".join([one(parts[0]), *parts[1:]]) for parts in candidates if parts
            )
        return f'{name}="{escape(value)}"'

    return IMAGE_ADDRESSES.sub(replace, body)


# Apps whose files a post plays (audiovideo) register a function post -> [(path under MEDIA_ROOT,
# length in bytes, type)], in their AppConfig.ready(): the feeds carry them as enclosures.
_enclosure_sources = []


def enclosure_source_register(source):
    if source not in _enclosure_sources:
        _enclosure_sources.append(source)


def plain_summary(post):
    return " ".join(html.unescape(strip_tags(post.summary)).split())


def display_name(user):
    return user.get_full_name() or user.get_username()


class ContentRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each post's full HTML in content:encoded."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class ContentAtomFeed(Atom1Feed):
    """Atom 1.0 with each post's full HTML in content."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class ConditionalFeed(Feed):
    """A feed that knows when its content last changed, for ETag and Last-Modified."""

    feed_type = ContentRssFeed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The syndication view dates the feed by its newest item; the condition decorator sets
        # a date that also notices edits to older items, so that one is kept.
        del response.headers["Last-Modified"]
        # The feed writer hands the response each element apart: 900 pieces for ten posts,
        # which a WSGI server sends a write at a time (5 ms of a 20 ms feed). Joined, one.
        response.content = response.content
        return response

    request = None

    def get_feed(self, obj, request):
        # One feed object answers every request; a copy carries this one to the item methods.
        feed = copy.copy(self)
        feed.request = request
        return Feed.get_feed(feed, obj, request)

    def versions(self, obj):
        """Return the queryset whose changes change this feed."""
        raise NotImplementedError

    def version_dates(self, versions):
        """Return (newest change time, number of items) for the feed's queryset."""
        raise NotImplementedError

    def state(self, request, **kwargs):
        """Return the feed's last-modified time and ETag, computed once per request."""
        cached = getattr(request, "_ceoblog_feed_state", None)
        if cached is None:
            obj = self.get_object(request, **kwargs)
            latest, count = self.version_dates(self.versions(obj))
            identity = f"{type(self).__name__}|{request.path}|{latest}|{count}"
            etag = hashlib.sha256(identity.encode()).hexdigest()[:32]
            cached = (latest, etag)
            request._ceoblog_feed_state = cached
        return cached

    @classmethod
    def as_view(cls):
        """Return the feed as a view answering conditional requests with 304 Not Modified."""
        feed = cls()
        return condition(
            etag_func=lambda request, **kwargs: feed.state(request, **kwargs)[1],
            last_modified_func=lambda request, **kwargs: feed.state(request, **kwargs)[0],
        )(feed)


class LatestPostsFeed(ConditionalFeed):
    """The newest published posts, in full."""

    item_guid_is_permalink = False

    def get_object(self, request, **kwargs):
        return None

    def versions(self, obj):
        # Expired posts too: the time one left the feed dates the feed (version_dates).
        return Post.objects.gone_live()

    def version_dates(self, versions):
        # Only the posts the feed shows change it: their times, and which they are (a scheduled
        # post appears when its time comes, without its updated_at changing). An expired one
        # leaves at its unpublish time, which then dates the feed. Neither reads every post.
        now = timezone.now()
        shown = (
            versions.filter(published_q(now))
            .order_by("-published_at", "-id")
            .values_list("pk", "updated_at", "published_at")[:FEED_ITEMS]
        )
        left = versions.filter(expired_q(now)).aggregate(left=Max("unpublish_at"))["left"]
        times = [max(updated, published) for _, updated, published in shown]
        latest = max(filter(None, [*times, left]), default=None)
        return latest, ",".join(str(pk) for pk, _, _ in shown)

    def items(self, obj):
        posts = self.versions(obj).published()
        return posts.for_listing().order_by("-published_at", "-id")[:FEED_ITEMS]

    def title(self, obj):
        return settings.CEOBLOG_TITLE

    def description(self, obj):
        return settings.CEOBLOG_TAGLINE

    subtitle = description

    def link(self, obj):
        return absolute_url(reverse("posts:index"))

    def feed_guid(self, obj):
        return feed_id("feed", "posts")

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return escape(plain_summary(post))

    def item_extra_kwargs(self, post):
        return {"content_html": body_with_image_addresses(post.body, self.image_address)}

    def item_enclosures(self, post):
        """The post's video and audio files, which podcast apps and feed readers offer to play."""
        media = "/" + settings.MEDIA_URL.strip("/") + "/"
        found = [
            Enclosure(self.image_address(media + path), str(length), mime_type)
            for source in list(_enclosure_sources)
            for path, length, mime_type in source(post)
        ]
        # RSS 2.0 allows one enclosure an item (the first the post plays); Atom any number.
        return found[:1] if issubclass(self.feed_type, Rss201rev2Feed) else found

    def image_address(self, path):
        """Return an absolute address for a photo in a post, one its feed reader can open."""
        # A private feed (alerts.views.private_feed) addresses media files for its token.
        private = getattr(self.request, "feed_media_address", None)
        media = "/" + settings.MEDIA_URL.lstrip("/")
        if private is not None and path.startswith(media):
            return private(path.removeprefix(media))
        return absolute_url(path, self.request)

    def item_link(self, post):
        return absolute_url(post.get_absolute_url())

    def item_guid(self, post):
        return feed_id("post", post.pk)

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return max(post.updated_at, post.published_at)

    def item_author_name(self, post):
        return display_name(post.author)

    def item_categories(self, post):
        return [tag.name for tag in post.tags.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = ContentAtomFeed


class TagFeed(LatestPostsFeed):
    """The newest published posts with one tag."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def versions(self, tag):
        return Post.objects.gone_live().filter(tags=tag)

    def title(self, tag):
        return f"{settings.CEOBLOG_TITLE}: posts tagged ‘{tag.name}’"

    def link(self, tag):
        return absolute_url(reverse("posts:tag", kwargs={"slug": tag.slug}))

    def feed_guid(self, tag):
        return feed_id("feed/tag", tag.pk)


class TagAtomFeed(TagFeed):
    feed_type = ContentAtomFeed


class AuthorFeed(LatestPostsFeed):
    """The newest published posts by one person."""

    def get_object(self, request, username):
        return get_object_or_404(get_user_model(), username=username)

    def versions(self, author):
        return Post.objects.gone_live().filter(author=author)

    def title(self, author):
        return f"{settings.CEOBLOG_TITLE}: posts by {display_name(author)}"

    def link(self, author):
        return absolute_url(reverse("posts:author", kwargs={"username": author.get_username()}))

    def feed_guid(self, author):
        return feed_id("feed/author", author.pk)


class AuthorAtomFeed(AuthorFeed):
    feed_type = ContentAtomFeed

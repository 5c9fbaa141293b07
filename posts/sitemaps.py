"""The sitemap: published posts, the months that have posts, and the tags in use."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest, TruncMonth
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from posts.models import Post


def whole_seconds(moment):
    return moment.replace(microsecond=0) if moment else moment


class SiteSitemap(Sitemap):
    """Build addresses on CEOBLOG_SITE_URL rather than on whatever host the crawler used."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.CEOBLOG_SITE_URL).scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return urlsplit(settings.CEOBLOG_SITE_URL).netloc or super().get_domain(site)


class PostSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Post.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, post):
        return whole_seconds(max(post.updated_at, post.published_at))


class MonthArchiveSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        # Months are truncated in the site's time zone, as the archive pages count them.
        return list(
            Post.objects.published()
            .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
            .values("month")
            .annotate(lastmod=Max(Greatest("updated_at", "published_at")))
            .order_by("-month")
        )

    def location(self, item):
        month = item["month"]
        return reverse(
            "posts:archive-month",
            kwargs={"year": f"{month.year:04d}", "month": f"{month.month:02d}"},
        )

    def lastmod(self, item):
        return whole_seconds(item["lastmod"])


class TagSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return list(
            Tag.objects.filter(tagged_posts__content_object__in=Post.objects.published())
            .annotate(
                lastmod=Max(
                    Greatest(
                        "tagged_posts__content_object__updated_at",
                        "tagged_posts__content_object__published_at",
                    )
                )
            )
            .order_by("name")
        )

    def location(self, tag):
        return reverse("posts:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return whole_seconds(tag.lastmod)


SITEMAPS = {"posts": PostSitemap, "months": MonthArchiveSitemap, "tags": TagSitemap}

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from posts.models import Post
from tests.helpers import make_post

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# The W3C datetime forms the sitemap protocol allows: a date, or a date and time with a zone.
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")
CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}


def sitemap_urls(response):
    root = ET.fromstring(response.content)
    assert root.tag == f"{NS}urlset"
    urls = []
    for url in root:
        assert url.tag == f"{NS}url"
        children = {child.tag.removeprefix(NS): child.text for child in url}
        assert set(children) <= {"loc", "lastmod", "changefreq", "priority"}
        assert len(url.findall(f"{NS}loc")) == 1
        assert len(children["loc"]) < 2048
        if "lastmod" in children:
            assert W3C_DATETIME.match(children["lastmod"]), children["lastmod"]
        if "changefreq" in children:
            assert children["changefreq"] in CHANGEFREQ
        urls.append(children)
    return urls


def test_sitemap_follows_the_protocol_and_lists_posts_months_and_tags(reader_client, settings):
    settings.CEOBLOG_SITE_URL = "https://intranet.example.gov.uk"
    published_at = timezone.make_aware(datetime(2025, 3, 14, 9, 30))
    make_post(slug="pi-day", published_at=published_at, tags=["maths"])

    response = reader_client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locations = {url["loc"]: url for url in sitemap_urls(response)}
    site = "https://intranet.example.gov.uk"
    assert set(locations) == {
        f"{site}/2025/03/14/pi-day/",
        f"{site}/2025/03/",
        f"{site}/tag/maths/",
    }
    assert all("lastmod" in url for url in locations.values())


def test_sitemap_lists_no_draft_or_future_post(reader_client):
    make_post(slug="live", tags=["open"])
    make_post(slug="draft-one", status=Post.Status.DRAFT, tags=["hidden"])
    make_post(
        slug="future-one",
        published_at=timezone.now() + timedelta(days=40),
        tags=["later"],
    )

    text = reader_client.get("/sitemap.xml").content.decode()

    assert "/live/" in text
    assert "draft-one" not in text
    assert "future-one" not in text
    assert "/tag/hidden/" not in text
    assert "/tag/later/" not in text


def test_post_lastmod_is_its_last_edit(reader_client):
    post = make_post(published_at=timezone.now() - timedelta(days=10))
    edited = timezone.now() - timedelta(days=1)
    Post.objects.filter(pk=post.pk).update(updated_at=edited)

    urls = sitemap_urls(reader_client.get("/sitemap.xml"))

    entry = next(url for url in urls if url["loc"].endswith(post.get_absolute_url()))
    assert datetime.fromisoformat(entry["lastmod"]) == edited.replace(microsecond=0)

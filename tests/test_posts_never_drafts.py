"""A draft and a scheduled twin of a published post appear on none of the ways to find posts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.services import feed_token_create
from posts.models import Post
from tests.helpers import make_post

pytestmark = pytest.mark.django_db


def test_draft_and_scheduled_twins_are_never_found(reader_client, reader):
    published = make_post(title="Bridge reopening", slug="bridge", tags=["roads"])
    author = published.author
    make_post(
        title="Bridge reopening DRAFTTWIN",
        slug="bridge-draft",
        author=author,
        tags=["roads"],
        status=Post.Status.DRAFT,
        published_at=published.published_at,
    )
    make_post(
        title="Bridge reopening SCHEDULEDTWIN",
        slug="bridge-scheduled",
        author=author,
        tags=["roads"],
        published_at=timezone.now() + timedelta(hours=3),
    )
    token = feed_token_create(user=reader).token
    addresses = [
        "/search/?q=bridge",
        "/feed/",
        "/feed/atom/",
        "/tag/roads/feed/",
        "/tag/roads/feed/atom/",
        f"/author/{author.username}/feed/",
        f"/author/{author.username}/feed/atom/",
        f"/feed/private/{token}/",
        f"/feed/private/{token}/tag/roads/atom/",
        "/sitemap.xml",
        published.get_absolute_url(),
    ]

    for address in addresses:
        text = reader_client.get(address).content.decode()
        assert "Bridge reopening" in text or "/bridge/" in text, address
        assert "TWIN" not in text, address
        assert "bridge-draft" not in text, address
        assert "bridge-scheduled" not in text, address

"""Plain helpers that make test data with sensible defaults and any field overridden."""

from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from posts.models import Post

_sequence = count(1)


def make_user(username=None, *, perms=(), **fields):
    username = username or f"user{next(_sequence)}"
    user = get_user_model().objects.create_user(
        username=username, password="pw-for-tests", **fields
    )
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_post(**overrides):
    number = next(_sequence)
    tags = overrides.pop("tags", [])
    fields = {
        "title": f"Post number {number}",
        "slug": f"post-number-{number}",
        "body": f"<p>Body of post number {number}.</p>",
        "status": Post.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
        **overrides,
    }
    if "author" not in fields:
        fields["author"] = make_user(first_name="Alex", last_name="Author")
    post = Post.objects.create(**fields)
    if tags:
        post.tags.add(*tags)
    return post


def wxr_item(wp_id, **fields):
    """Return one WordPress export <item> for a post, with any field overridden."""
    values = {
        "title": f"WordPress post {wp_id}",
        "link": f"https://old.example/{wp_id}/",
        "creator": "chief",
        "content": f"Text of post {wp_id}.",
        "excerpt": "",
        "post_date": "2013-05-16 09:30:00",
        "post_date_gmt": "2013-05-16 08:30:00",
        "comment_status": "open",
        "post_name": f"wordpress-post-{wp_id}",
        "status": "publish",
        "post_type": "post",
        "password": "",
        "is_sticky": "0",
        "extra": "",
        **fields,
    }
    return f"""<item>
<title>{values["title"]}</title>
<link>{values["link"]}</link>
<dc:creator><![CDATA[{values["creator"]}]]></dc:creator>
<content:encoded><![CDATA[{values["content"]}]]></content:encoded>
<excerpt:encoded><![CDATA[{values["excerpt"]}]]></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id>
<wp:post_date>{values["post_date"]}</wp:post_date>
<wp:post_date_gmt>{values["post_date_gmt"]}</wp:post_date_gmt>
<wp:comment_status>{values["comment_status"]}</wp:comment_status>
<wp:post_name>{values["post_name"]}</wp:post_name>
<wp:status>{values["status"]}</wp:status>
<wp:post_type>{values["post_type"]}</wp:post_type>
<wp:post_password>{values["password"]}</wp:post_password>
<wp:is_sticky>{values["is_sticky"]}</wp:is_sticky>
{values["extra"]}
</item>
"""


def wxr_document(*items, version="1.2", scheme="http", channel_extra=""):
    """Return a WordPress export holding the items, by one author, "chief"."""
    wp = f"{scheme}://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{wp}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">
<channel>
<title>The old blog</title>
<link>https://old.example</link>
<wp:wxr_version>{version}</wp:wxr_version>
<wp:base_blog_url>https://old.example</wp:base_blog_url>
<wp:author><wp:author_login>chief</wp:author_login><wp:author_email>chief@council.example</wp:author_email>
<wp:author_display_name><![CDATA[Chris Chief]]></wp:author_display_name>
<wp:author_first_name>Chris</wp:author_first_name><wp:author_last_name>Chief</wp:author_last_name>
</wp:author>
{channel_extra}
{"".join(items)}
</channel>
</rss>
"""

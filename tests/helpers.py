"""Plain helpers that make test data with sensible defaults and any field overridden."""

import io
import struct
import zlib
from datetime import timedelta
from itertools import count
from pathlib import Path
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from ceoblog.settings import cache_from_url
from comments.models import Comment
from photos.images import photo_image_clean
from photos.models import Photo
from posts.models import Post

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_sequence = count(1)


def make_user(username=None, *, perms=(), password="pw-for-tests", **fields):
    username = username or f"user{next(_sequence)}"
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
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
        **overrides,
    }
    if "published_at" not in fields:
        # A draft has no publication time until it is published or scheduled.
        is_draft = fields["status"] == Post.Status.DRAFT
        fields["published_at"] = None if is_draft else timezone.now() - timedelta(days=1)
    if "author" not in fields:
        fields["author"] = make_user(first_name="Alex", last_name="Author")
    post = Post.objects.create(**fields)
    if tags:
        post.tags.add(*tags)
    return post


def image_bytes(width=64, height=48, *, image_format="JPEG", color=(200, 40, 40), **save_options):
    """Return the bytes of a small generated image."""
    output = io.BytesIO()
    Image.new("RGB", (width, height), color).save(output, format=image_format, **save_options)
    return output.getvalue()


def make_photo(**overrides):
    number = next(_sequence)
    content = overrides.pop("content", None) or image_bytes(900, 600)
    uploaded = photo_image_clean(SimpleUploadedFile(f"photo-{number}.jpg", content))
    fields = {
        "title": f"Photo number {number}",
        "alt_text": f"Staff at event number {number}",
        **overrides,
    }
    photo = Photo(**fields)
    photo.image.save(uploaded.name, uploaded, save=False)
    photo.save()
    return photo


def png_bytes_declaring(width, height, *, rows=None):
    """Return a black-and-white PNG of the given size, cheaply, however large it claims to be.

    With rows=None only the header is real; the pixel data is empty, which is all a reader needs
    to see for Pillow to refuse the file before decoding anything.
    """

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    pixels = b""
    if rows:
        row = b"\x00" * (1 + (width + 7) // 8)
        pixels = b"".join(compressor.compress(row) for _ in range(rows)) + compressor.flush()
    else:
        pixels = compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def staff_user(username=None, *, perms=()):
    """Return a user who may sign in to the admin with the given permissions."""
    return make_user(username, perms=perms, is_staff=True)


WRITER_PERMS = ["posts.add_post", "posts.change_post", "posts.view_post", "photos.view_photo"]
PUBLISHER_PERMS = [*WRITER_PERMS, "posts.publish_post"]


def post_form_data(post=None, **overrides):
    """Return what the post admin form posts back, for a post or a new one.

    No button is named: add one, e.g. ``_publish="1"``, to press it. A draft's time boxes are
    empty, as the form shows them.
    """
    when = timezone.localtime(post.published_at) if post and post.published_at else None
    unpublish = timezone.localtime(post.unpublish_at) if post and post.unpublish_at else None
    data = {
        "title": post.title if post else "Thank you, Ashford library team",
        "slug": post.slug if post else "thank-you-ashford-library-team",
        "author": str(post.author_id) if post else "",
        "body": post.body if post else "<p>The new library opened on time.</p>",
        "excerpt": post.excerpt if post else "",
        "tags": "",
        "featured_photo": str(post.featured_photo_id or "") if post else "",
        "published_at_0": when.strftime("%Y-%m-%d") if when else "",
        "published_at_1": when.strftime("%H:%M:%S") if when else "",
        "unpublish_at_0": unpublish.strftime("%Y-%m-%d") if unpublish else "",
        "unpublish_at_1": unpublish.strftime("%H:%M:%S") if unpublish else "",
        "comments_close_at_0": "",
        "comments_close_at_1": "",
    }
    if post is None or post.comments_open:
        data["comments_open"] = "on"
    if post and post.is_sticky:
        data["is_sticky"] = "on"
    data.update(overrides)
    return data


def make_many_posts(count, *, author, tags=(), start=None):
    """Insert many published posts in one query per table, one hour apart, newest first."""
    from posts.counts import recount_all
    from posts.models import TaggedPost

    start = start or timezone.now() - timedelta(hours=1)
    # Slugs unique across calls, since two batches may put posts on the same days.
    batch = next(_sequence)
    posts = []
    for number in range(count):
        published_at = start - timedelta(hours=number)
        posts.append(
            Post(
                title=f"Bulk post {number}",
                slug=f"bulk-post-{number}-{batch}",
                body=f"<p>Bulk body {number}.</p>",
                status=Post.Status.PUBLISHED,
                author=author,
                published_at=published_at,
                published_on=timezone.localtime(published_at).date(),
            )
        )
    posts = Post.objects.bulk_create(posts)
    if tags:
        TaggedPost.objects.bulk_create(
            TaggedPost(content_object=post, tag=tag) for post in posts for tag in tags
        )
    # Saved in bulk, which sends no signals: count the published posts again, as imports do.
    recount_all()
    return posts


def make_comment(**overrides):
    """Save an approved comment on a new post unless told otherwise, bypassing the form's rules."""
    fields = {
        "body": f"Comment number {next(_sequence)}.",
        "status": Comment.Status.APPROVED,
        "created_at": timezone.now() - timedelta(hours=1),
        **overrides,
    }
    if "post" not in fields:
        fields["post"] = make_post()
    if "author" not in fields:
        fields["author"] = make_user(first_name="Casey", last_name="Commenter")
    return Comment.objects.create(**fields)


def parse_feed(response):
    """Parse a feed response with feedparser, as a feed reader would."""
    import feedparser

    return feedparser.parse(response.content)


def make_subscription(user=None, *, frequency="immediate", **fields):
    from alerts.models import Subscription

    if user is None:
        number = next(_sequence)
        user = make_user(f"subscriber{number}", email=f"subscriber{number}@council.example")
    fields.setdefault("created_at", timezone.now() - timedelta(days=30))
    return Subscription.objects.create(user=user, frequency=frequency, **fields)


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


# A body with the markup editors use: headings, a list, a quotation, a link and a table.
SAMPLE_BODY = """
<p>This week I visited the library teams in three of our market towns.</p>
<h2>What I saw</h2>
<ul><li>A reading group for new parents</li><li>Help with online forms for older residents</li></ul>
<blockquote><p>We saw twice as many visitors this autumn as last year.</p></blockquote>
<h3>Visitors this autumn</h3>
<table><thead><tr><th scope="col">Library</th><th scope="col">Visitors</th></tr></thead>
<tbody><tr><td>Ashford Road</td><td>4,210</td></tr></tbody></table>
<p>Read more on the <a href="https://www.example.org/libraries">libraries pages</a>.</p>
"""


def make_blog():
    """Make an author with three published posts in a row, a draft and a reader and an editor."""
    author = make_user("ceo", first_name="Sam", last_name="Chief")
    now = timezone.now()
    oldest = make_post(
        title="Planning for winter",
        slug="planning-for-winter",
        author=author,
        body="<p>Our winter plan is ready: gritting routes, rest centres and the teams on call "
        "over the holidays.</p>",
        published_at=now - timedelta(days=40),
        tags=["Thanks"],
    )
    middle = make_post(
        title="Thank you, library teams",
        slug="thank-you-library-teams",
        author=author,
        body=SAMPLE_BODY,
        published_at=now - timedelta(days=2),
        tags=["Thanks", "Libraries"],
    )
    newest = make_post(
        title="Budget consultation opens",
        slug="budget-consultation-opens",
        author=author,
        body="<p>From today every member of staff can tell us where next year's savings should "
        "and should not fall. The consultation is open for six weeks.</p>",
        published_at=now - timedelta(hours=3),
        tags=["Budget"],
    )
    draft = make_post(
        title="Draft: new year message",
        slug="new-year-message",
        author=author,
        status=Post.Status.DRAFT,
    )
    return SimpleNamespace(
        author=author,
        posts=[newest, middle, oldest],
        post=middle,
        draft=draft,
        reader=make_user("reader", first_name="Robin", last_name="Reader"),
        editor=make_user(
            "editor", first_name="Eddie", last_name="Editor", perms=["posts.change_post"]
        ),
    )


def client_as(user):
    """Return a test client signed in as user, or anonymous for None."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def use_redis(settings, port, **options):
    """Configure the cache as the settings do for a Redis on this port."""
    config = cache_from_url(f"redis://127.0.0.1:{port}/0")
    config["OPTIONS"] = {**config.get("OPTIONS", {}), **options}
    settings.CACHES = {"default": {**config, "KEY_PREFIX": "outage-test"}}
    # As the settings say with Redis: the process keeps recent copies (pagecache/recent.py).
    settings.CACHE_IS_SHARED = True

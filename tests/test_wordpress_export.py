import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from comments.models import Comment
from photos.models import Photo
from posts.models import Post, TaggedPost
from tests.helpers import make_comment, make_photo, make_post, make_user
from tests.test_wordpress_import import THEME_DATA, needs_corpus, run_import
from wordpress.models import ImportedObject
from wordpress.wxr import Channel, Item, read_wxr

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a reader or editor would notice about the posts, independent of IDs."""
    return sorted(
        (
            post.title,
            post.slug,
            post.status,
            # WXR keeps whole seconds; a draft has no time.
            post.published_at and post.published_at.replace(microsecond=0),
            post.excerpt,
            post.body,
            post.is_sticky,
            post.comments_open,
            post.author.username,
            tuple(sorted(tag.name for tag in post.tags.all())),
            tuple(sorted(tag.slug for tag in post.tags.all())),
        )
        for post in Post.objects.select_related("author").prefetch_related("tags")
    )


def comment_snapshot():
    """Each comment as readers and moderators see it, with the comment it replies to."""
    return sorted(
        (
            comment.post.title,
            comment.author_name,
            comment.body,
            comment.status,
            comment.created_at.replace(microsecond=0),
            comment.parent.body if comment.parent else None,
        )
        for comment in Comment.objects.select_related("post", "author", "parent")
    )


def export(path):
    out = io.StringIO()
    call_command("export_wordpress", str(path), "--site-url", "https://ceoblog.example", stdout=out)
    return out.getvalue()


def wipe_posts():
    Comment.objects.filter(parent__isnull=False).delete()
    Comment.objects.all().delete()
    TaggedPost.objects.all().delete()
    Post.objects.all().delete()
    Tag.objects.all().delete()
    ImportedObject.objects.all().delete()


def test_export_round_trip_keeps_posts_tags_and_statuses(tmp_path):
    author = make_user("chief", first_name="Chris", last_name="Chief", email="c@council.example")
    make_post(
        title="Thanks & well done <team>",
        body="<p>Line one<br>\nline two</p>\n<ul><li>Café</li></ul>",
        excerpt="A < B, and “quotes”",
        tags=["thanks", "Council news"],
        author=author,
        is_sticky=True,
    )
    make_post(title="Draft plan", status=Post.Status.DRAFT, body="<p>]]> tricky</p>", author=author)
    make_post(
        title="Next week", published_at=timezone.now() + timezone.timedelta(days=7), author=author
    )
    before = snapshot()
    path = tmp_path / "out.xml"
    assert export(path).startswith(f"Wrote {path}: 3 posts, 2 tags")
    wipe_posts()
    run_import(path)
    assert snapshot() == before


def test_export_is_a_wxr_file_wordpress_can_read(tmp_path):
    make_post(title="Hello", tags=["thanks"])
    path = tmp_path / "out.xml"
    export(path)
    records = list(read_wxr(path))
    channel = records[0]
    assert isinstance(channel, Channel)
    assert channel.wxr_version == "1.2"
    [item] = [record for record in records if isinstance(record, Item)]
    assert (item.title, item.status, item.post_type) == ("Hello", "publish", "post")
    assert item.link.startswith("https://ceoblog.example/")
    assert [(term.taxonomy, term.slug) for term in item.terms] == [("post_tag", "thanks")]


def test_export_round_trip_keeps_comments_threads_and_states(tmp_path):
    post = make_post(title="Office move", comments_open=False)
    visitor = make_user("sam", first_name="Sam", last_name="Reader", email="sam@council.example")
    now = timezone.now().replace(microsecond=0)
    top = make_comment(
        post=post,
        author=visitor,
        body="When?\n\nAnd where? <soon> &amp;",
        created_at=now - timedelta(days=2),
    )
    make_comment(post=post, parent=top, body="Next week.", created_at=now - timedelta(days=1))
    for state in ["pending", "rejected", "spam"]:
        make_comment(post=post, author=visitor, body=f"A {state} one.", status=state)
    make_post(title="Taken down", status=Post.Status.UNPUBLISHED)
    before, comments = snapshot(), comment_snapshot()
    path = tmp_path / "out.xml"
    assert "5 comments" in export(path)
    wipe_posts()
    run_import(path)
    assert snapshot() == before
    assert comment_snapshot() == comments


def test_export_writes_the_photos_posts_show_once_each(tmp_path, settings):
    photo = make_photo(title="Bridge", alt_text="The new bridge")
    body = f'<p>Opened today.</p><p><img src="{photo.image.url}" alt="The new bridge"></p>'
    make_post(title="Bridge opens", featured_photo=photo, body=body)
    make_post(title="Bridge again", featured_photo=photo)
    path = tmp_path / "out.xml"
    assert "1 media references" in export(path)
    records = list(read_wxr(path))
    [attachment] = [r for r in records if isinstance(r, Item) and r.post_type == "attachment"]
    assert attachment.meta["_wp_attached_file"] == photo.image.name
    assert attachment.meta["_wp_attachment_image_alt"] == "The new bridge"
    posts = [r for r in records if isinstance(r, Item) and r.post_type == "post"]
    assert {post.meta["_thumbnail_id"] for post in posts} == {str(attachment.wp_id)}
    # Read back with the media folder, the photo is found again for both posts and the body.
    wipe_posts()
    Photo.objects.all().delete()
    call_command(
        "import_wordpress",
        str(path),
        "--media-dir",
        settings.MEDIA_ROOT,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    [copy] = Photo.objects.all()
    assert set(Post.objects.values_list("featured_photo", flat=True)) == {copy.pk}
    assert copy.image.url in Post.objects.get(title="Bridge opens").body


@needs_corpus
def test_theme_test_data_round_trip(tmp_path):
    run_import(THEME_DATA)
    before, comments = snapshot(), comment_snapshot()
    assert Comment.objects.filter(parent__isnull=False).exists()
    path = tmp_path / "out.xml"
    export(path)
    wipe_posts()
    run_import(path)
    assert snapshot() == before
    assert comment_snapshot() == comments

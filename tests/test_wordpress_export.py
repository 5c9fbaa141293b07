import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from posts.models import Post, TaggedPost
from tests.helpers import make_post, make_user
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
            post.published_at.replace(microsecond=0),  # WXR keeps whole seconds
            post.excerpt,
            post.body,
            post.is_sticky,
            post.author.username,
            tuple(sorted(tag.name for tag in post.tags.all())),
            tuple(sorted(tag.slug for tag in post.tags.all())),
        )
        for post in Post.objects.select_related("author").prefetch_related("tags")
    )


def export(path):
    out = io.StringIO()
    call_command("export_wordpress", str(path), "--site-url", "https://ceoblog.example", stdout=out)
    return out.getvalue()


def wipe_posts():
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


@needs_corpus
def test_theme_test_data_round_trip(tmp_path):
    run_import(THEME_DATA)
    before = snapshot()
    path = tmp_path / "out.xml"
    export(path)
    wipe_posts()
    run_import(path)
    assert snapshot() == before

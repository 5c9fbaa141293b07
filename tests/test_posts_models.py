from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from posts.models import Post
from tests.helpers import make_post

pytestmark = pytest.mark.django_db

PAST = timedelta(days=-1)
FUTURE = timedelta(days=1)


@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Post.Status.DRAFT, PAST, False),
        (Post.Status.DRAFT, FUTURE, False),
        (Post.Status.PUBLISHED, PAST, True),
        (Post.Status.PUBLISHED, FUTURE, False),
    ],
)
def test_published_truth_table(status, offset, visible):
    post = make_post(status=status, published_at=timezone.now() + offset)
    assert (post in Post.objects.published()) is visible
    assert post.is_published is visible


def test_scheduled_post_goes_live_by_itself_when_its_time_comes():
    post = make_post(published_at=timezone.now() + timedelta(seconds=2))
    assert post not in Post.objects.published()
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert post in Post.objects.published()


def test_two_posts_cannot_share_a_slug_on_the_same_day():
    first = make_post(slug="back-to-business")
    with pytest.raises(IntegrityError):
        make_post(slug="back-to-business", published_at=first.published_at)


def test_same_slug_on_another_day_is_allowed():
    first = make_post(slug="weekly-update")
    second = make_post(slug="weekly-update", published_at=first.published_at - timedelta(days=7))
    assert second.pk != first.pk


def test_duplicate_slug_on_the_same_day_is_a_friendly_validation_error():
    first = make_post(slug="back-to-business")
    twin = Post(
        title="Another",
        slug="back-to-business",
        author=first.author,
        body="<p>x</p>",
        published_at=first.published_at,
    )
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "already uses this slug" in str(error.value.message_dict["slug"])


def test_publication_day_is_the_local_day_not_the_utc_one():
    # 23:30 UTC on 16 May is 00:30 on 17 May in London (British Summer Time).
    post = make_post(slug="late", published_at=datetime(2013, 5, 16, 23, 30, tzinfo=UTC))
    assert str(post.published_on) == "2013-05-17"
    assert post.get_absolute_url() == "/2013/05/17/late/"


def test_body_is_sanitised_when_saved():
    post = make_post(body='<p onclick="steal()">Hi<script>alert(1)</script></p>')
    post.refresh_from_db()
    assert post.body == "<p>Hi</p>"


def test_summary_is_the_excerpt_when_there_is_one():
    assert make_post(excerpt="Short and sweet.").summary == "Short and sweet."


def test_summary_falls_back_to_the_opening_words_of_the_body():
    words = " ".join(f"word{n}" for n in range(80))
    summary = make_post(body=f"<p>{words}</p>", excerpt="").summary
    assert summary.startswith("word0 word1")
    assert summary.endswith("word54 …")
    assert "<p>" not in summary

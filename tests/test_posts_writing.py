"""The writing screen: its publish box, its buttons, previews and restoring versions."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from posts.models import Post
from tests.helpers import (
    make_photo,
    make_post,
    post_form_data,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:posts_post_add")
CHANGELIST_URL = reverse("admin:posts_post_changelist")


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def ten_day_old_draft(**fields):
    draft = make_post(status=Post.Status.DRAFT, **fields)
    Post.objects.filter(pk=draft.pk).update(created_at=timezone.now() - timedelta(days=10))
    draft.refresh_from_db()
    return draft


def local(moment):
    return timezone.localtime(moment)


def test_a_ten_day_old_draft_published_from_the_form_is_dated_now(photo_publisher_client):
    draft = ten_day_old_draft(title="Started ten days ago")
    assert draft.published_at is None

    before = timezone.now()
    response = photo_publisher_client.post(change_url(draft), post_form_data(draft, _publish="1"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert before <= draft.published_at <= timezone.now()
    assert draft.get_absolute_url().startswith(f"/{local(draft.published_at):%Y/%m/%d}/")


def test_a_ten_day_old_draft_published_in_bulk_is_dated_now_too(photo_publisher_client):
    draft = ten_day_old_draft(title="Also started ten days ago")

    before = timezone.now()
    photo_publisher_client.post(
        CHANGELIST_URL, {"action": "publish_selected", "_selected_action": [draft.pk]}
    )

    draft.refresh_from_db()
    assert draft.is_published
    assert before <= draft.published_at <= timezone.now()


def test_saving_a_draft_gives_it_no_publication_time_even_with_a_time_typed(
    photo_publisher_client, photo_publisher
):
    later = local(timezone.now() + timedelta(days=3))
    data = post_form_data(
        author=str(photo_publisher.pk),
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1="09:00",
        _save_draft="1",
    )
    response = photo_publisher_client.post(ADD_URL, data, follow=True)

    post = Post.objects.get()
    assert (post.status, post.published_at, post.published_on) == ("draft", None, None)
    assert "Draft saved." in response.text


def test_an_untitled_empty_draft_can_be_saved(photo_publisher_client, photo_publisher):
    data = post_form_data(
        title="", slug="", body="", author=str(photo_publisher.pk), _save_draft="1"
    )

    response = photo_publisher_client.post(ADD_URL, data, follow=True)

    post = Post.objects.get()
    assert (post.title, post.body, post.slug, post.status) == ("", "", "", "draft")
    assert "(no title)" in photo_publisher_client.get(CHANGELIST_URL).text
    assert response.status_code == 200


def test_the_slug_is_made_from_the_title_when_left_empty(photo_publisher_client, photo_publisher):
    data = post_form_data(
        title="Winter gritting: thank you", slug="", author=str(photo_publisher.pk)
    )
    photo_publisher_client.post(ADD_URL, {**data, "_publish": "1"})

    assert Post.objects.get().slug == "winter-gritting-thank-you"


def test_publishing_needs_a_title_and_a_body_and_keeps_everything_typed(
    photo_publisher_client, photo_publisher
):
    photo = make_photo(title="Gritter at dawn")
    data = post_form_data(
        title="",
        slug="",
        body="<p></p>",
        excerpt="Half an idea about gritting",
        tags="Winter, Thanks",
        featured_photo=str(photo.pk),
        author=str(photo_publisher.pk),
        _publish="1",
    )

    response = photo_publisher_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Post.objects.exists()
    form = response.context["adminform"].form
    assert form.errors["title"] == [
        "Add a title before publishing: readers see it as the headline."
    ]
    assert form.errors["body"] == ["Write the post before publishing: its text is empty."]
    page = response.text
    assert "Half an idea about gritting" in page
    assert 'value="Winter, Thanks"' in page
    assert f'value="{photo.pk}" id="id_featured_photo"' in page


def test_a_validation_error_keeps_title_body_tags_excerpt_and_photo(
    photo_publisher_client, photo_publisher
):
    photo = make_photo(title="Library opening")
    data = post_form_data(
        title="Thank you, library teams",
        slug="not a slug!",
        body="<p>Every branch opened on time.</p>",
        excerpt="Libraries, on time",
        tags="Libraries",
        featured_photo=str(photo.pk),
        author=str(photo_publisher.pk),
        _save_draft="1",
    )

    response = photo_publisher_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    page = response.text
    for typed in [
        'value="Thank you, library teams"',
        "Every branch opened on time.",
        "Libraries, on time",
        'value="Libraries"',
        f'value="{photo.pk}" id="id_featured_photo"',
        '<p class="featured-photo__title">Library opening</p>',
    ]:
        assert typed in page


def test_a_future_time_schedules_the_post_and_the_box_says_when(
    photo_publisher_client, photo_publisher
):
    when = local(timezone.now() + timedelta(days=30)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    data = post_form_data(
        author=str(photo_publisher.pk),
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1="09:00",
        _publish="1",
    )

    response = photo_publisher_client.post(ADD_URL, data, follow=True)

    post = Post.objects.get()
    assert post.is_scheduled
    assert post.published_at == when
    words = f"Scheduled for {when:%A} {when.day} {when:%B %Y} at 09:00"
    assert f"{words}. It will appear by itself." in response.text
    assert f'<strong id="writing-state">{words}</strong>' in response.text


def test_the_publish_box_says_when_a_post_was_published(photo_publisher_client):
    post = make_post(published_at=timezone.make_aware(datetime(2013, 5, 16, 10, 15)))

    page = photo_publisher_client.get(change_url(post)).text

    assert '<strong id="writing-state">Published on Thursday 16 May 2013 at 10:15</strong>' in page


def test_a_draft_offers_save_draft_preview_and_publish_and_no_status_list(photo_publisher_client):
    page = photo_publisher_client.get(change_url(make_post(status=Post.Status.DRAFT))).text

    assert '<strong id="writing-state">Draft</strong>' in page
    for button in ["_save_draft", "_preview", "_publish"]:
        assert f'name="{button}"' in page
    assert 'name="_update"' not in page
    assert 'name="_unpublish"' not in page
    assert 'name="status"' not in page
    assert "Publish immediately" in page


def test_a_published_post_offers_update_and_move_to_drafts(photo_publisher_client):
    page = photo_publisher_client.get(change_url(make_post())).text

    assert ">Update</button>" in page
    assert ">Move to drafts</button>" in page
    assert 'name="_save_draft"' not in page
    assert 'name="_publish"' not in page


def test_update_keeps_a_published_post_at_its_time(photo_publisher_client):
    post = make_post(title="Gritting update")
    published_at = post.published_at

    photo_publisher_client.post(
        change_url(post), post_form_data(post, title="Gritting", _update="1")
    )

    post.refresh_from_db()
    assert (post.title, post.published_at, post.status) == ("Gritting", published_at, "published")


def test_moving_a_live_post_to_drafts_keeps_its_address_for_its_return(photo_publisher_client):
    post = make_post()
    address = post.get_absolute_url()

    response = photo_publisher_client.post(
        change_url(post), post_form_data(post, _unpublish="1"), follow=True
    )

    post.refresh_from_db()
    assert post.status == Post.Status.UNPUBLISHED
    assert "Moved to drafts. Readers can no longer see it." in response.text
    photo_publisher_client.post(change_url(post), post_form_data(post, _publish="1"))
    post.refresh_from_db()
    assert post.is_published
    assert post.get_absolute_url() == address


def test_moving_a_scheduled_post_to_drafts_clears_its_time(photo_publisher_client):
    post = make_post(published_at=timezone.now() + timedelta(days=2))

    photo_publisher_client.post(change_url(post), post_form_data(post, _unpublish="1"))

    post.refresh_from_db()
    assert (post.status, post.published_at) == ("draft", None)


def test_a_writer_cannot_move_a_post_to_drafts_with_a_forged_form(writer_client):
    post = make_post()

    response = writer_client.post(change_url(post), post_form_data(post, _unpublish="1"))

    assert response.status_code == 200
    assert "You do not have permission to publish or unpublish posts." in response.text
    post.refresh_from_db()
    assert post.is_published


def test_publishing_a_draft_whose_slug_is_taken_that_day_adds_a_number(photo_publisher_client):
    now = timezone.localtime()
    earlier_today = max(now - timedelta(minutes=5), now.replace(hour=0, minute=0, second=0))
    make_post(slug="winter-update", published_at=earlier_today)
    draft = make_post(slug="winter-update", status=Post.Status.DRAFT)

    photo_publisher_client.post(change_url(draft), post_form_data(draft, _publish="1"))

    draft.refresh_from_db()
    assert (draft.slug, draft.is_published) == ("winter-update-2", True)


def test_preview_shows_the_unsaved_words_and_saves_nothing(photo_publisher_client):
    post = make_post(title="Gritting: the plan", tags=["Winter"])
    preview_url = reverse("admin:posts_post_preview", args=[post.pk])
    data = post_form_data(
        post, title="Gritting: the new plan", body="<p>Not saved yet.</p>", tags="Winter, Roads"
    )

    response = photo_publisher_client.post(preview_url, data)

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    page = response.text
    assert "Preview: not published." in page
    assert "Gritting: the new plan" in page
    assert "Not saved yet." in page
    assert "/tag/roads/" in page
    post.refresh_from_db()
    assert post.title == "Gritting: the plan"
    assert [tag.name for tag in post.tags.all()] == ["Winter"]
    assert Post.objects.count() == 1


def test_preview_of_a_new_post_saves_nothing(photo_publisher_client, photo_publisher):
    data = post_form_data(title="Not yet written", author=str(photo_publisher.pk))

    response = photo_publisher_client.post(reverse("admin:posts_post_preview_new"), data)

    assert response.status_code == 200
    assert "Not yet written" in response.text
    assert not Post.objects.exists()


def test_a_draft_is_previewed_at_its_own_address_until_it_has_a_date(
    photo_publisher_client, client
):
    draft = make_post(title="Work in progress", status=Post.Status.DRAFT)

    response = photo_publisher_client.get(draft.get_absolute_url())

    assert draft.get_absolute_url() == f"/drafts/{draft.pk}/"
    assert response.status_code == 200
    assert "Preview: not published." in response.text
    assert "Not published yet" in response.text


def test_restoring_an_old_draft_version_of_a_live_post_leaves_it_live(photo_publisher_client):
    post = make_post(
        title="Early words", body="<p>First try.</p>", status=Post.Status.DRAFT, tags=["Draft"]
    )
    photo_publisher_client.post(change_url(post), post_form_data(post, tags="Draft"))
    draft_version = Version.objects.get_for_object(post).first()
    post.refresh_from_db()
    photo_publisher_client.post(
        change_url(post),
        post_form_data(post, title="Final words", body="<p>Done.</p>", tags="Final", _publish="1"),
    )
    post.refresh_from_db()
    live_time = post.published_at
    assert post.is_published

    revision_url = reverse("admin:posts_post_revision", args=[post.pk, draft_version.pk])
    page = photo_publisher_client.get(revision_url)
    assert page.status_code == 200
    assert "The post keeps its status and publication time" in page.text
    # The old version's tags are offered back with its words.
    assert 'name="tags" value="Draft"' in page.text
    response = photo_publisher_client.post(
        revision_url,
        post_form_data(post, title="Early words", body="<p>First try.</p>", tags="Draft"),
        follow=True,
    )

    post.refresh_from_db()
    assert (post.title, post.body) == ("Early words", "<p>First try.</p>")
    assert [tag.name for tag in post.tags.all()] == ["Draft"]
    assert post.is_published
    assert post.published_at == live_time
    assert "The post stays published." in response.text
    assert "Restored the version of " in response.text


def test_save_draft_sent_from_a_page_opened_before_the_post_went_live_keeps_it_live(
    photo_publisher_client,
):
    post = make_post(title="Published in another tab")

    response = photo_publisher_client.post(
        change_url(post), post_form_data(post, title="Edited here", _save_draft="1"), follow=True
    )

    post.refresh_from_db()
    assert (post.title, post.is_published) == ("Edited here", True)
    assert "Post updated." in response.text


def test_a_writer_saves_changes_to_an_unpublished_post_which_stays_unpublished(writer_client):
    post = make_post(status=Post.Status.UNPUBLISHED)
    published_at = post.published_at

    response = writer_client.post(
        change_url(post), post_form_data(post, title="Corrected", _save_draft="1"), follow=True
    )

    post.refresh_from_db()
    assert (post.title, post.status, post.published_at) == (
        "Corrected",
        "unpublished",
        published_at,
    )
    assert "The post stays unpublished" in response.text


def test_a_live_post_sent_back_without_title_or_slug_gets_errors_and_its_saved_state(
    photo_publisher_client,
):
    post = make_post(title="Winter plan")
    address = post.get_absolute_url()
    data = post_form_data(post, title="", slug="", published_at_0="", published_at_1="")

    response = photo_publisher_client.post(change_url(post), {**data, "_update": "1"})

    assert response.status_code == 200
    assert "Add a title before publishing" in response.text
    assert f'<span class="writing-address__path">{address}</span>' in response.text
    post.refresh_from_db()
    assert post.title == "Winter plan"


def test_restoring_a_version_kept_before_tags_were_kept_leaves_the_tags_alone(
    photo_publisher_client,
):
    post = make_post(title="Before", tags=["Winter"])
    photo_publisher_client.post(change_url(post), post_form_data(post, tags="Winter"))
    old = Version.objects.get_for_object(post).first()
    # What a version saved before this change looks like: the post alone, no tag links.
    old.revision.version_set.exclude(pk=old.pk).delete()
    post.refresh_from_db()
    photo_publisher_client.post(
        change_url(post), post_form_data(post, title="After", tags="Winter")
    )

    revision_url = reverse("admin:posts_post_revision", args=[post.pk, old.pk])
    page = photo_publisher_client.get(revision_url)
    assert 'name="tags" value="Winter"' in page.text
    photo_publisher_client.post(revision_url, post_form_data(post, title="Before", tags="Winter"))

    post.refresh_from_db()
    assert post.title == "Before"
    assert [tag.name for tag in post.tags.all()] == ["Winter"]

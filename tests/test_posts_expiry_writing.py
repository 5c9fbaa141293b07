"""Unpublish at on the writing screen and the list of posts: setting it, its checks, its words."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import Post
from tests.helpers import (
    make_post,
    post_form_data,
    staff_user,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:posts_post_add")
CHANGELIST_URL = reverse("admin:posts_post_changelist")
IN_THE_PAST = (
    "Choose a time in the future for the post to leave the blog, or leave Unpublish at empty."
)


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def words(moment):
    moment = timezone.localtime(moment)
    return f"{moment:%A} {moment.day} {moment:%B %Y} at {moment:%H:%M}"


def at_five_pm(days):
    day = timezone.localtime(timezone.now() + timedelta(days=days))
    return day.replace(hour=17, minute=0, second=0, microsecond=0)


def boxes(name, moment):
    moment = timezone.localtime(moment)
    return {f"{name}_0": moment.strftime("%Y-%m-%d"), f"{name}_1": moment.strftime("%H:%M")}


def expired_post(**fields):
    post = make_post(published_at=timezone.now() - timedelta(days=10), **fields)
    Post.objects.filter(pk=post.pk).update(unpublish_at=timezone.now() - timedelta(days=1))
    post.refresh_from_db()
    return post


def test_publishing_with_an_unpublish_time_says_when_the_post_leaves(publisher_client, publisher):
    leaves = at_five_pm(30)
    data = post_form_data(author=str(publisher.pk), _publish="1", **boxes("unpublish_at", leaves))

    response = publisher_client.post(ADD_URL, data, follow=True)

    post = Post.objects.get()
    assert post.is_published
    assert post.unpublish_at == leaves
    state = f"Published on {words(post.published_at)} · Leaves the blog on {words(leaves)}"
    assert f'<strong id="writing-state">{state}</strong>' in response.text
    assert f"Leaves the blog on {words(leaves)}</span>" in response.text


def test_the_publish_box_offers_the_field_with_its_own_labels(publisher_client):
    page = publisher_client.get(change_url(make_post())).text
    assert "<legend>Unpublish at</legend>" in page
    assert 'name="unpublish_at_0"' in page
    assert 'name="unpublish_at_1"' in page
    assert "Stays on the blog until moved to drafts" in page


def test_an_unpublish_time_before_the_publication_time_is_refused_with_a_message(
    publisher_client, publisher
):
    goes_live = at_five_pm(10)
    data = post_form_data(
        author=str(publisher.pk),
        _publish="1",
        **boxes("published_at", goes_live),
        **boxes("unpublish_at", goes_live - timedelta(days=1)),
    )

    response = publisher_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Post.objects.exists()
    errors = response.context["adminform"].form.errors["unpublish_at"]
    when = f"{goes_live.day} {goes_live:%B %Y} at 17:00"
    assert errors == [
        f"Choose an unpublish time after the publication time ({when}), "
        "or leave it empty to keep the post on the blog."
    ]
    assert 'aria-invalid="true"' in response.text
    # What was typed is kept.
    assert "Thank you, Ashford library team" in response.text


def test_an_unpublish_time_equal_to_the_publication_time_is_refused(publisher_client, publisher):
    goes_live = at_five_pm(10)
    data = post_form_data(
        author=str(publisher.pk),
        _publish="1",
        **boxes("published_at", goes_live),
        **boxes("unpublish_at", goes_live),
    )
    response = publisher_client.post(ADD_URL, data)
    assert "unpublish_at" in response.context["adminform"].form.errors
    assert not Post.objects.exists()


def test_an_unpublish_time_already_past_is_refused_when_publishing_now(publisher_client, publisher):
    past = timezone.now() - timedelta(hours=2)
    data = post_form_data(author=str(publisher.pk), _publish="1", **boxes("unpublish_at", past))
    response = publisher_client.post(ADD_URL, data)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["unpublish_at"]
    assert error.startswith(IN_THE_PAST)
    assert not Post.objects.exists()


def test_a_date_without_a_sensible_value_gets_a_message_not_an_error(publisher_client, publisher):
    data = post_form_data(
        author=str(publisher.pk), _publish="1", unpublish_at_0="2026-02-30", unpublish_at_1="25:00"
    )
    response = publisher_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unpublish_at"]
    assert not Post.objects.exists()


def test_an_expired_post_says_so_in_the_box_and_the_list(publisher_client):
    post = expired_post(title="Summer fete volunteers")

    page = publisher_client.get(change_url(post)).text
    state = f"Published on {words(post.published_at)} · Expired on {words(post.unpublish_at)}"
    assert f'<strong id="writing-state">{state}</strong>' in page
    assert f"Published on: {words(post.published_at)}" in page

    listing = publisher_client.get(CHANGELIST_URL).text
    expired_on = timezone.localtime(post.unpublish_at)
    assert f"Expired {expired_on.day} {expired_on:%B %Y}, {expired_on:%H:%M}" in listing


def test_the_list_filters_expired_posts_apart_from_live_ones(publisher_client):
    expired_post(title="Summer fete volunteers")
    make_post(title="Winter gritting", unpublish_at=timezone.now() + timedelta(days=5))

    expired = publisher_client.get(CHANGELIST_URL, {"state": "expired"}).text
    live = publisher_client.get(CHANGELIST_URL, {"state": "live"}).text

    assert "Summer fete volunteers" in expired
    assert "Winter gritting" not in expired
    assert "Winter gritting" in live
    assert "Summer fete volunteers" not in live
    assert "?state=expired" in live


def test_updating_an_expired_post_keeps_it_off_the_blog_and_says_so(publisher_client, client):
    post = expired_post(title="Summer fete volunteers")
    data = post_form_data(post, title="Summer fete: thank you", _update="1")

    response = publisher_client.post(change_url(post), data, follow=True)

    post.refresh_from_db()
    assert post.title == "Summer fete: thank you"
    assert post.is_expired
    assert f"Saved. The post expired on {words(post.unpublish_at)}" in response.text


def test_clearing_the_unpublish_time_brings_an_expired_post_back(publisher_client):
    post = expired_post(title="Summer fete volunteers")
    data = post_form_data(post, unpublish_at_0="", unpublish_at_1="", _update="1")

    publisher_client.post(change_url(post), data)

    post.refresh_from_db()
    assert post.unpublish_at is None
    assert post.is_published


def test_publishing_again_a_post_taken_down_with_a_past_unpublish_time_asks_for_a_new_one(
    publisher_client,
):
    post = expired_post(title="Summer fete volunteers")
    Post.objects.filter(pk=post.pk).update(status=Post.Status.UNPUBLISHED)
    post.refresh_from_db()

    response = publisher_client.post(change_url(post), post_form_data(post, _publish="1"))

    [error] = response.context["adminform"].form.errors["unpublish_at"]
    assert error.startswith(IN_THE_PAST)
    post.refresh_from_db()
    assert post.status == Post.Status.UNPUBLISHED


def test_moving_an_expired_post_to_drafts_keeps_its_time_and_address(publisher_client):
    post = expired_post()
    address = post.get_absolute_url()
    publisher_client.post(change_url(post), post_form_data(post, _unpublish="1"))
    post.refresh_from_db()
    assert post.status == Post.Status.UNPUBLISHED
    assert post.get_absolute_url() == address


def test_a_writer_edits_a_live_post_without_losing_its_unpublish_time(writer_client):
    leaves = at_five_pm(20)
    post = make_post(title="Consultation", unpublish_at=leaves)
    page = writer_client.get(change_url(post)).text
    assert (
        f"Leaves the blog on {words(leaves)}. Only the Communications team can change it." in page
    )
    assert 'name="unpublish_at_0"' not in page

    # The box has no time fields for them, so the form comes back without them.
    data = post_form_data(post, title="Consultation: closing soon", _update="1")
    del data["unpublish_at_0"], data["unpublish_at_1"]
    writer_client.post(change_url(post), data)

    post.refresh_from_db()
    assert post.title == "Consultation: closing soon"
    assert post.unpublish_at == leaves


def test_a_writer_cannot_move_the_unpublish_time_with_a_forged_form(writer_client):
    post = make_post(title="Consultation", unpublish_at=at_five_pm(20))
    data = post_form_data(post, _update="1", **boxes("unpublish_at", at_five_pm(40)))

    response = writer_client.post(change_url(post), data)

    assert response.context["adminform"].form.errors["unpublish_at"] == [
        "Only the Communications team can change when a published post leaves the blog."
    ]
    post.refresh_from_db()
    assert post.unpublish_at == at_five_pm(20)


def test_a_draft_keeps_its_unpublish_time_until_published(publisher_client, publisher):
    leaves = at_five_pm(30)
    data = post_form_data(
        author=str(publisher.pk), _save_draft="1", **boxes("unpublish_at", leaves)
    )
    publisher_client.post(ADD_URL, data)
    post = Post.objects.get()
    assert post.status == Post.Status.DRAFT
    assert post.unpublish_at == leaves


def test_bulk_publishing_a_draft_whose_unpublish_time_has_passed_is_refused(publisher_client):
    draft = make_post(
        title="Late notice",
        status=Post.Status.DRAFT,
        unpublish_at=timezone.make_aware(datetime(2020, 1, 1, 9, 0)),
    )
    response = publisher_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "Not changed, “Late notice”: Choose an unpublish time after" in response.text
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT


def test_restoring_an_old_version_keeps_the_current_unpublish_time(publisher_client):
    import reversion
    from reversion.models import Version

    post = make_post(title="First words")
    with reversion.create_revision():
        post.save()
    leaves = at_five_pm(15)
    Post.objects.filter(pk=post.pk).update(unpublish_at=leaves, title="Second words")
    version = Version.objects.get_for_object(post).first()
    url = reverse("admin:posts_post_revision", args=[post.pk, version.pk])
    data = post_form_data(post, title="First words", **boxes("unpublish_at", leaves))
    publisher_client.post(url, data)
    post.refresh_from_db()
    assert post.title == "First words"
    assert post.unpublish_at == leaves


def test_a_moderator_sees_that_an_expired_post_left_and_takes_no_comments(client):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from comments.roles import MODERATORS

    call_command("setup_roles", verbosity=0)
    moderator = staff_user("mo")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    post = expired_post(title="Summer fete volunteers")

    page = client.get(change_url(post)).text

    assert "Expired on <time" in page
    assert "Open this post on the blog" not in page
    left = timezone.localtime(post.unpublish_at)
    assert f"Comments are closed: the post left the blog on {left.day} {left:%b %Y, %H:%M}." in page

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from posts.models import Post
from tests.helpers import (
    make_post,
    post_form_data,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:posts_post_add")
CHANGELIST_URL = reverse("admin:posts_post_changelist")
NO_PUBLISH = "You do not have permission to publish or unpublish posts."


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def test_a_scheduled_post_appears_by_itself_when_its_time_comes(reader_client, monkeypatch):
    post = make_post(title="Monday briefing", published_at=timezone.now() + timedelta(hours=2))
    assert "Monday briefing" not in reader_client.get("/").text
    assert reader_client.get(post.get_absolute_url()).status_code == 404

    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "Monday briefing" in reader_client.get("/").text
    assert reader_client.get(post.get_absolute_url()).status_code == 200


def test_unpublished_posts_are_hidden_from_readers(reader_client):
    post = make_post(title="Withdrawn notice", status=Post.Status.UNPUBLISHED)
    assert "Withdrawn notice" not in reader_client.get("/").text
    assert reader_client.get(post.get_absolute_url()).status_code == 404


def test_the_admin_list_shows_scheduled_posts_as_scheduled(publisher_client):
    make_post(title="Next week", published_at=timezone.now() + timedelta(days=7))
    make_post(title="Last week")
    response = publisher_client.get(CHANGELIST_URL)
    assert "Scheduled for" in response.text

    scheduled = publisher_client.get(CHANGELIST_URL, {"state": "scheduled"})
    assert [post.title for post in scheduled.context["cl"].result_list] == ["Next week"]


def test_a_writer_is_offered_save_draft_and_preview_only(writer_client):
    page = writer_client.get(ADD_URL).text
    assert 'name="_save_draft"' in page
    assert 'name="_preview"' in page
    assert 'name="_publish"' not in page
    assert 'name="_unpublish"' not in page
    assert "Only the Communications team can publish." in page


def test_a_writer_cannot_publish_with_a_forged_post(writer_client, writer):
    data = post_form_data(author=str(writer.pk), _publish="1")
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert NO_PUBLISH in response.text
    assert not Post.objects.exists()


def test_a_writer_cannot_publish_an_existing_draft_with_a_forged_post(writer_client):
    draft = make_post(status=Post.Status.DRAFT)
    response = writer_client.post(change_url(draft), post_form_data(draft, _publish="1"))
    assert response.status_code == 200
    assert NO_PUBLISH in response.text
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT


def test_a_writer_can_fix_a_typo_in_a_published_post(writer_client):
    post = make_post(title="Thnaks to the gritting crews")
    response = writer_client.post(
        change_url(post), post_form_data(post, title="Thanks to the gritting crews", _update="1")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.status) == ("Thanks to the gritting crews", "published")


def test_a_writer_cannot_reschedule_a_published_post(writer_client):
    post = make_post()
    later = timezone.localtime(timezone.now() + timedelta(days=3))
    data = post_form_data(post, published_at_0=later.strftime("%Y-%m-%d"), _update="1")
    response = writer_client.post(change_url(post), data)
    assert response.status_code == 200
    assert "Only the Communications team can change when a published post goes live." in (
        response.text
    )


def test_a_publisher_publishes_from_the_form(publisher_client, publisher):
    response = publisher_client.post(
        ADD_URL, post_form_data(author=str(publisher.pk), _publish="1")
    )
    assert response.status_code == 302
    assert Post.objects.get().is_published


def test_bulk_publish_is_refused_to_a_writer_even_when_forged(writer_client):
    draft = make_post(status=Post.Status.DRAFT)
    response = writer_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT
    assert "Publish selected posts" not in writer_client.get(CHANGELIST_URL).text


def test_bulk_publish_and_unpublish(publisher_client):
    old_draft = make_post(title="Started last month", status=Post.Status.DRAFT)
    Post.objects.filter(pk=old_draft.pk).update(created_at=timezone.now() - timedelta(days=30))
    live = make_post(title="Already out")

    response = publisher_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [old_draft.pk]},
        follow=True,
    )
    assert "Published: “Started last month”." in response.text
    old_draft.refresh_from_db()
    assert old_draft.is_published
    assert timezone.now() - old_draft.published_at < timedelta(minutes=1)

    publisher_client.post(
        CHANGELIST_URL, {"action": "unpublish_selected", "_selected_action": [live.pk]}
    )
    live.refresh_from_db()
    assert live.status == Post.Status.UNPUBLISHED


def test_save_and_preview_opens_the_post_as_readers_will_see_it(publisher_client, publisher):
    # Without a browser's formaction the Preview button reaches the form's own address.
    response = publisher_client.post(
        ADD_URL, post_form_data(author=str(publisher.pk), title="Draft thoughts", _preview="1")
    )
    post = Post.objects.get()
    assert post.status == Post.Status.DRAFT
    assert response.status_code == 302
    assert response.url == post.get_absolute_url()

    preview = publisher_client.get(response.url)
    assert preview.status_code == 200
    assert "Preview: not published." in preview.text
    assert "Draft thoughts" in preview.text


def test_the_form_offers_save_and_preview(publisher_client):
    assert 'name="_preview"' in publisher_client.get(ADD_URL).text


def test_who_created_and_who_changed_a_post_is_recorded(client, publisher, writer):
    client.force_login(publisher)
    client.post(ADD_URL, post_form_data(author=str(publisher.pk), title="First words"))
    post = Post.objects.get()
    client.force_login(writer)
    client.post(change_url(post), post_form_data(post, title="Second words"))

    post.refresh_from_db()
    assert (post.created_by, post.updated_by) == (publisher, writer)
    page = client.get(change_url(post))
    assert not {"created_by", "updated_by"} & set(page.context["adminform"].form.fields)
    assert "writer" in page.text


def test_a_duplicate_slug_on_the_same_day_gets_a_friendly_error(publisher_client, publisher):
    existing = make_post(slug="winter-update")
    data = post_form_data(
        author=str(publisher.pk),
        slug="winter-update",
        published_at_0=timezone.localtime(existing.published_at).strftime("%Y-%m-%d"),
        published_at_1="09:00",
        _publish="1",
    )
    response = publisher_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Another post published on the same day already uses this slug." in response.text
    assert Post.objects.count() == 1


def test_the_communications_group_may_publish_and_use_the_photo_library():
    call_command("setup_roles", verbosity=0)
    group = Group.objects.get(name="Communications")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"publish_post", "change_post", "add_photo"} <= codenames

import pytest
from django.urls import reverse
from reversion.models import Version

from posts.models import Post
from tests.helpers import make_post, post_form_data

pytestmark = pytest.mark.django_db


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def edit(client, post, **changes):
    post.refresh_from_db()
    response = client.post(change_url(post), post_form_data(post, **changes))
    assert response.status_code == 302
    post.refresh_from_db()
    return post


def versions_of(post):
    return list(Version.objects.get_for_object(post))  # newest first


def test_every_save_keeps_a_version_listed_in_the_history(publisher_client):
    post = make_post(title="Budget week", body="<p>First draft.</p>")
    edit(publisher_client, post, body="<p>Second draft.</p>")
    edit(publisher_client, post, body="<p>Final words.</p>")

    assert len(versions_of(post)) == 2
    history = publisher_client.get(reverse("admin:posts_post_history", args=[post.pk]))
    assert history.status_code == 200
    assert history.text.count('name="from"') == 2
    assert "Compare versions" in history.text


def test_the_difference_between_two_versions_is_readable(publisher_client):
    post = make_post(title="Budget week")
    edit(
        publisher_client,
        post,
        body="<p>We kept every library open.</p><p>Thank you to the finance team.</p>",
    )
    edit(
        publisher_client,
        post,
        title="Budget week: thank you",
        body='<p>We kept every library open.</p><p>Thank you to <a href="https://example.org/finance">'
        "the finance team</a> and auditors.</p>",
    )
    newer, older = versions_of(post)

    response = publisher_client.get(
        reverse("admin:posts_post_compare", args=[post.pk]), {"from": older.pk, "to": newer.pk}
    )

    assert response.status_code == 200
    changes = {change["label"]: change for change in response.context["changes"]}
    assert (changes["Title"]["before"], changes["Title"]["after"]) == (
        "Budget week",
        "Budget week: thank you",
    )
    assert changes["Body"]["lines"] == [
        {"kind": "same", "text": "We kept every library open."},
        {"kind": "removed", "text": "Thank you to the finance team."},
        {
            "kind": "added",
            "text": "Thank you to the finance team (https://example.org/finance) and auditors.",
        },
    ]
    assert '<del><span class="visually-hidden">Removed: </span>Thank you to the finance team.' in (
        response.text
    )


def test_comparing_without_choosing_two_versions_is_a_clear_400(publisher_client):
    post = make_post()
    response = publisher_client.get(
        reverse("admin:posts_post_compare", args=[post.pk]), {"from": "x"}
    )
    assert response.status_code == 400
    assert "Choose two saved versions of this post to compare." in response.text


def test_an_earlier_version_can_be_restored(publisher_client):
    post = make_post(title="Original title", body="<p>Original words.</p>")
    edit(publisher_client, post, title="Original title")
    edit(publisher_client, post, title="Rewritten title", body="<p>New words.</p>")
    first = versions_of(post)[-1]
    revision_url = reverse("admin:posts_post_revision", args=[post.pk, first.pk])

    page = publisher_client.get(revision_url)
    assert page.status_code == 200
    assert "Original words." in page.text
    post.refresh_from_db()
    assert post.title == "Rewritten title"  # looking at an old version changes nothing

    restored = post_form_data(post, title="Original title", body="<p>Original words.</p>")
    response = publisher_client.post(revision_url, restored)

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.body) == ("Original title", "<p>Original words.</p>")
    assert versions_of(post)[0].revision.get_comment().startswith("Reverted to previous version")


def test_bulk_publishing_keeps_a_version(publisher_client):
    draft = make_post(status=Post.Status.DRAFT)
    publisher_client.post(
        reverse("admin:posts_post_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    assert versions_of(draft)[0].field_dict["status"] == "published"

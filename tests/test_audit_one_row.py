"""Every admin action, moderation, publishing step, comments switch and role change writes one
audit row: who, what, when and from where (issue 18: bulk publish and unpublish, closing comments
and approving comments once left no row, "19 before, 19 after")."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from taggit.models import Tag

from audit.models import AuditEvent
from audit.services import record
from comments.models import Comment
from comments.roles import MODERATORS
from photos.models import Photo
from posts.models import Post
from tests.helpers import (
    client_as,
    make_comment,
    make_photo,
    make_post,
    make_user,
    post_form_data,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/posts/post/"
COMMENTS = "/admin/comments/comment/"


@pytest.fixture
def chief_admin():
    return make_user("chief", is_staff=True, is_superuser=True)


@pytest.fixture
def chief_client(chief_admin):
    return client_as(chief_admin)


def new_rows(since):
    """The rows written after the id since, oldest first, as (action, who, object)."""
    rows = AuditEvent.objects.filter(pk__gt=since).order_by("pk")
    return [(row.action, row.actor_name, row.object_repr) for row in rows]


def last_id():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_bulk_publish_writes_one_row_per_post_with_who_and_where(chief_client):
    first = make_post(title="Road works", status=Post.Status.DRAFT)
    second = make_post(title="Budget consultation", status=Post.Status.DRAFT)
    since = last_id()
    response = chief_client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [first.pk, second.pk]},
        REMOTE_ADDR="192.0.2.44",
    )
    assert response.status_code == 302
    assert sorted(new_rows(since)) == [
        ("post.publish", "chief", "Budget consultation"),
        ("post.publish", "chief", "Road works"),
    ]
    assert set(AuditEvent.objects.filter(pk__gt=since).values_list("address", flat=True)) == {
        "192.0.2.44"
    }


def test_bulk_unpublish_writes_one_row_per_post(chief_client):
    posts = [make_post(title="Flood update"), make_post(title="Winter gritting")]
    since = last_id()
    chief_client.post(
        CHANGELIST,
        {"action": "unpublish_selected", "_selected_action": [post.pk for post in posts]},
    )
    assert sorted(new_rows(since)) == [
        ("post.unpublish", "chief", "Flood update"),
        ("post.unpublish", "chief", "Winter gritting"),
    ]


@pytest.mark.parametrize(
    ("action", "recorded", "words"),
    [
        ("close_comments", "post.comments_close", "Comments closed."),
        ("open_comments", "post.comments_open", "Comments opened."),
    ],
)
def test_closing_and_opening_comments_from_the_list_writes_one_row_per_post(
    chief_client, action, recorded, words
):
    posts = [make_post(title="Park opening"), make_post(title="Bus routes")]
    since = last_id()
    chief_client.post(CHANGELIST, {"action": action, "_selected_action": [p.pk for p in posts]})
    assert sorted(new_rows(since)) == [
        (recorded, "chief", "Bus routes"),
        (recorded, "chief", "Park opening"),
    ]
    assert {row.message for row in AuditEvent.objects.filter(pk__gt=since)} == {words}


def test_the_posts_comments_switch_writes_one_row(chief_client):
    post = make_post(title="Library hours")
    since = last_id()
    url = reverse("admin:posts_post_comments_close", args=[post.pk])
    assert chief_client.post(url).status_code == 303
    assert new_rows(since) == [("post.comments_close", "chief", "Library hours")]
    post.refresh_from_db()
    assert not post.comments_open


@pytest.mark.parametrize(
    ("action", "recorded", "state"),
    [
        ("approve_comments", "comment.approve", Comment.Status.APPROVED),
        ("reject_comments", "comment.reject", Comment.Status.REJECTED),
        ("mark_comments_as_spam", "comment.spam", Comment.Status.SPAM),
    ],
)
def test_moderating_from_the_list_writes_one_row_per_comment(
    group_moderator, action, recorded, state
):
    comments = [make_comment(status=Comment.Status.PENDING) for _ in range(2)]
    since = last_id()
    client_as(group_moderator).post(
        COMMENTS, {"action": action, "_selected_action": [c.pk for c in comments]}
    )
    rows = new_rows(since)
    assert [(action_, who) for action_, who, _ in rows] == [(recorded, "mo")] * 2
    assert {row[2] for row in rows} == {str(comment) for comment in comments}
    assert Comment.objects.filter(status=state).count() == 2
    message = AuditEvent.objects.filter(pk__gt=since).first().message
    assert message == f"Pending → {Comment.Status(state).label}."


def test_the_one_click_button_and_its_undo_each_write_one_row(group_moderator):
    comment = make_comment(status=Comment.Status.PENDING, body="Is the tip open on Sunday?")
    client = client_as(group_moderator)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    since = last_id()
    assert client.post(url, {"state": "approved"}).status_code == 303
    assert client.post(url, {"state": "pending"}).status_code == 303
    assert new_rows(since) == [
        ("comment.approve", "mo", str(comment)),
        ("comment.pending", "mo", str(comment)),
    ]


def test_moderating_on_the_change_form_writes_one_row_not_two(chief_client):
    comment = make_comment(status=Comment.Status.PENDING)
    since = last_id()
    response = chief_client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]), {"status": "spam"}
    )
    assert response.status_code == 302
    assert new_rows(since) == [("comment.spam", "chief", str(comment))]
    # The admin's own words join the row rather than making a second one.
    assert AuditEvent.objects.get(pk__gt=since).message == "Pending → Spam. Changed Status."


def test_editing_a_post_in_the_form_writes_one_row_not_two(chief_client):
    post = make_post(title="Old headline")
    since = last_id()
    response = chief_client.post(
        reverse("admin:posts_post_change", args=[post.pk]),
        post_form_data(post, title="New headline", _update="1"),
    )
    assert response.status_code == 302
    assert new_rows(since) == [("post.update", "chief", "New headline")]
    assert "Changed Title" in AuditEvent.objects.get(pk__gt=since).message


def test_giving_someone_a_role_in_the_admin_writes_one_row(chief_client):
    person = make_user("sam", first_name="Sam", last_name="Smith")
    since = last_id()
    response = chief_client.post(
        reverse("admin:auth_user_change", args=[person.pk]),
        {
            "username": "sam",
            "first_name": "Sam",
            "last_name": "Smith",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=MODERATORS).pk],
            "date_joined_0": "2024-01-01",
            "date_joined_1": "09:00:00",
            # The directorate's inline form (readership), left empty.
            "directorate-TOTAL_FORMS": "0",
            "directorate-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert new_rows(since) == [("user.roles", "chief", "sam")]
    message = AuditEvent.objects.get(pk__gt=since).message
    assert "Staff status: no → yes." in message
    assert f"Groups added: {MODERATORS}." in message


def test_a_groups_permissions_changed_in_the_admin_write_one_row(chief_client):
    group = Group.objects.create(name="Records officers")
    permission = Permission.objects.get(codename="view_auditevent")
    since = last_id()
    response = chief_client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "Records officers", "permissions": [permission.pk]},
    )
    assert response.status_code == 302
    assert new_rows(since) == [("group.permissions", "chief", "Records officers")]
    assert (
        "Permissions added: audit.view_auditevent." in AuditEvent.objects.get(pk__gt=since).message
    )


def test_role_changes_from_the_other_side_are_recorded_on_each_person():
    group = Group.objects.get(name=MODERATORS)
    people = [make_user("ann"), make_user("bob")]
    from audit.services import audit_scope

    since = last_id()
    with audit_scope():
        group.user_set.add(*people)
    assert new_rows(since) == [("user.roles", "", "ann"), ("user.roles", "", "bob")]


def test_migrate_setting_up_the_roles_is_not_somebodys_change():
    from accounts.roles import roles_set_up

    Group.objects.get(name=MODERATORS).permissions.clear()
    since = last_id()
    roles_set_up()
    assert new_rows(since) == []


def test_renaming_a_tag_in_the_admin_writes_one_row(chief_client):
    tag = Tag.objects.create(name="Roads", slug="roads")
    since = last_id()
    response = chief_client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]), {"name": "Highways", "slug": "highways"}
    )
    assert response.status_code == 302
    assert new_rows(since) == [("tag.rename", "chief", "Highways")]
    assert "Renamed “Roads” (roads) to “Highways” (highways)." in (
        AuditEvent.objects.get(pk__gt=since).message
    )


def test_merging_tags_writes_one_row(chief_client):
    keep = Tag.objects.create(name="Schools", slug="schools")
    gone = Tag.objects.create(name="School", slug="school")
    make_post(tags=[keep])
    since = last_id()
    chief_client.post(
        "/admin/taggit/tag/",
        {
            "action": "merge_tags",
            "_selected_action": [keep.pk, gone.pk],
            "keep": keep.pk,
            "confirm": "Merge",
        },
    )
    assert not Tag.objects.filter(pk=gone.pk).exists()
    assert new_rows(since) == [("tag.merge", "chief", "Schools")]


def test_editing_a_photo_writes_one_row(chief_client):
    photo = make_photo(title="Opening day", alt_text="Ribbon cut at the library")
    since = last_id()
    response = chief_client.post(
        reverse("admin:photos_photo_change", args=[photo.pk]),
        {
            "title": "Opening day",
            "alt_text": "The mayor cuts the ribbon",
            "caption": "",
            "credit": "",
        },
    )
    assert response.status_code == 302
    assert new_rows(since) == [("admin.change", "chief", "Opening day")]
    assert Photo.objects.get().alt_text == "The mayor cuts the ribbon"


def test_deleting_several_rows_from_a_list_writes_one_row_each(chief_client):
    posts = [make_post(title="Duplicate one"), make_post(title="Duplicate two")]
    since = last_id()
    chief_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [p.pk for p in posts], "post": "yes"},
    )
    assert not Post.objects.filter(pk__in=[p.pk for p in posts]).exists()
    assert sorted(new_rows(since)) == [
        ("admin.delete", "chief", "Duplicate one"),
        ("admin.delete", "chief", "Duplicate two"),
    ]


def test_two_records_about_one_object_outside_a_request_stay_two_rows():
    post = make_post(title="Night works")
    since = last_id()
    record("post.update", obj=post, message="First.")
    record("post.update", obj=post, message="Second.")
    assert len(new_rows(since)) == 2


def test_a_moderators_reply_records_the_approval_and_the_reply(group_moderator):
    comment = make_comment(status=Comment.Status.PENDING, body="When does the pool reopen?")
    since = last_id()
    response = client_as(group_moderator).post(
        reverse("admin:comments_comment_reply", args=[comment.pk]),
        {"body": "On Monday, after the repairs."},
    )
    assert response.status_code == 303
    reply = Comment.objects.get(parent=comment)
    assert new_rows(since) == [
        ("comment.approve", "mo", str(comment)),
        ("comment.reply", "mo", str(reply)),
    ]

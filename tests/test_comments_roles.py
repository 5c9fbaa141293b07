"""setup_roles and the demo comments: safe to run twice, and giving each role what it needs."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from accounts.roles import role_permissions
from approvals.roles import APPROVERS
from comments.demo import demo_comments_load
from comments.models import Comment
from comments.roles import MODERATORS, OFFICIAL_REPLY
from comments.services import comments_are_open
from posts.authors import AUTHORS
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    )


def test_setup_roles_creates_the_groups_with_their_permissions(capsys):
    call_command("setup_roles")
    # Other features may grant Communications more (publishing, photos); these it must have.
    assert {
        "comments.change_comment",
        "comments.close_comments",
        "comments.view_comment",
        "posts.add_post",
        "posts.change_post",
        "posts.delete_post",
        "posts.view_post",
        "taggit.change_tag",
        "taggit.delete_tag",
        "taggit.view_tag",
    } <= set(codenames(COMMUNICATIONS))
    assert codenames(MODERATORS) == [
        "comments.change_comment",
        "comments.close_comments",
        "comments.view_comment",
        "posts.view_post",
    ]
    assert codenames(OFFICIAL_REPLY) == ["comments.post_official_reply"]
    # Authors marks the people posts are by; it grants nothing.
    assert codenames(AUTHORS) == []
    assert codenames(APPROVERS) == [
        "posts.approve_post",
        "posts.change_post",
        "posts.view_post",
        "readership.view_dailyreads",
    ]
    assert "Roles ready: Communications, Authors, Moderators, Official reply, Approvers." in (
        capsys.readouterr().out
    )


def test_setup_roles_skips_a_permission_that_does_not_exist_and_says_so(capsys):
    Permission.objects.filter(content_type__app_label="posts", codename="publish_post").delete()
    call_command("setup_roles")
    assert "Skipped posts.publish_post: no such permission yet" in capsys.readouterr().out
    assert "posts.publish_post" not in codenames(COMMUNICATIONS)


def test_setup_roles_twice_changes_nothing_and_keeps_members():
    call_command("setup_roles", verbosity=0)
    member = make_user()
    member.groups.add(Group.objects.get(name=MODERATORS))
    before = {name: codenames(name) for name in (COMMUNICATIONS, MODERATORS, OFFICIAL_REPLY)}
    call_command("setup_roles", verbosity=0)
    after = {name: codenames(name) for name in (COMMUNICATIONS, MODERATORS, OFFICIAL_REPLY)}
    assert before == after
    assert Group.objects.count() == len(role_permissions())
    assert list(member.groups.values_list("name", flat=True)) == [MODERATORS]


def test_setup_roles_keeps_permissions_granted_to_a_group_elsewhere():
    call_command("setup_roles", verbosity=0)
    group = Group.objects.get(name=COMMUNICATIONS)
    group.permissions.add(Permission.objects.get(codename="delete_comment"))
    call_command("setup_roles", verbosity=0)
    assert "comments.delete_comment" in codenames(COMMUNICATIONS)


def test_setup_roles_includes_publish_post_once_it_exists():
    Permission.objects.get_or_create(
        codename="publish_post",
        content_type=ContentType.objects.get_for_model(Post),
        defaults={"name": "Can publish posts"},
    )
    call_command("setup_roles", verbosity=0)
    assert "posts.publish_post" in codenames(COMMUNICATIONS)


def demo_people():
    return {
        "reader": make_user("reader", first_name="Robin", last_name="Reader"),
        "moderator": make_user("moderator", first_name="Morgan", last_name="Moderator"),
        "office": make_user("office", first_name="Olu", last_name="Office"),
    }


def test_demo_comments_cover_a_dozen_posts_and_close_a_few():
    for _ in range(20):
        make_post()
    posts = Post.objects.published().order_by("-published_at", "-id")
    demo_comments_load(posts=posts, **demo_people())
    ordered = list(posts)
    approved = Comment.objects.filter(status=Comment.Status.APPROVED)
    assert approved.values("post").distinct().count() == 12
    assert approved.filter(parent__isnull=False).exists()
    official = Comment.objects.get(is_official=True)
    assert official.author.username == "office"
    assert official.parent is not None
    assert Comment.objects.filter(status="pending", author__username="reader").count() == 1
    assert Comment.objects.filter(status="spam").count() == 1
    closed = [post for post in ordered if not comments_are_open(post)]
    assert len(closed) == 4
    assert closed[0].comments.filter(status="approved").exists()
    assert all(not comments_are_open(post) for post in ordered[12:15])


def test_demo_comments_load_twice_adds_nothing():
    for _ in range(15):
        make_post()
    posts = Post.objects.published().order_by("-published_at", "-id")
    people = demo_people()
    demo_comments_load(posts=posts, **people)
    first = Comment.objects.count()
    demo_comments_load(posts=posts, **people)
    assert Comment.objects.count() == first > 20


def test_migrate_alone_leaves_every_role_ready_with_its_permissions():
    # The test database was made by migrate; setup_roles was never run.
    assert codenames(MODERATORS) == [
        "comments.change_comment",
        "comments.close_comments",
        "comments.view_comment",
        "posts.view_post",
    ]
    assert "posts.publish_post" in codenames(COMMUNICATIONS)
    assert codenames(OFFICIAL_REPLY) == ["comments.post_official_reply"]


def test_migrate_again_restores_a_lost_permission_and_keeps_members_and_extra_grants():
    group = Group.objects.get(name=COMMUNICATIONS)
    member = make_user()
    member.groups.add(group)
    group.permissions.remove(Permission.objects.get(codename="publish_post"))
    group.permissions.add(Permission.objects.get(codename="delete_comment"))
    Group.objects.filter(name=OFFICIAL_REPLY).delete()

    call_command("migrate", verbosity=0)

    assert {"posts.publish_post", "comments.delete_comment"} <= set(codenames(COMMUNICATIONS))
    assert codenames(OFFICIAL_REPLY) == ["comments.post_official_reply"]
    assert list(member.groups.values_list("name", flat=True)) == [COMMUNICATIONS]
    assert Group.objects.count() == len(role_permissions())

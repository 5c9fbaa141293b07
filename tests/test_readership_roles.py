"""Who may see the readership pages, and where they are linked from (issue 19)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from approvals.roles import APPROVERS
from comments.roles import MODERATORS
from posts.models import Post
from posts.roles import COMMUNICATIONS
from readership.roles import VIEW_READERSHIP
from tests.helpers import client_as, make_post, make_user, staff_user
from tests.readership_data import add_reads, person_in

pytestmark = pytest.mark.django_db


def readership_addresses(post):
    today = timezone.localdate()
    month = {"year": today.year, "month": today.month}
    return [
        reverse("readership:index"),
        reverse("readership:month", kwargs=month),
        reverse("readership:month-csv", kwargs=month),
        reverse("readership:post", kwargs={"post_id": post.pk}),
        reverse("readership:post-csv", kwargs={"post_id": post.pk}),
    ]


def published_post():
    post = make_post(published_at=timezone.now() - timedelta(days=1))
    add_reads(post, 1, "Finance", 12)
    return post


@pytest.mark.parametrize("group", [COMMUNICATIONS, APPROVERS])
def test_communications_and_approvers_see_every_readership_page(group):
    client = client_as(person_in(group, "allowed"))
    post = published_post()

    for address in readership_addresses(post):
        assert client.get(address).status_code == 200, address


@pytest.mark.parametrize("group", [MODERATORS, None])
def test_moderators_and_other_staff_are_refused(group):
    user = (
        person_in(group, "refused") if group else staff_user("writer", perms=["posts.change_post"])
    )
    client = client_as(user)
    post = published_post()

    for address in readership_addresses(post):
        assert client.get(address).status_code == 403, address


def test_a_reader_is_sent_to_the_admin_sign_in_and_sees_no_figure():
    client = client_as(make_user("reader"))
    post = published_post()

    for address in readership_addresses(post):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("admin:login")), address


def test_the_roles_hold_the_permission_by_name():
    person_in(COMMUNICATIONS, "somebody")
    app_label, codename = VIEW_READERSHIP.split(".")
    holders = Group.objects.filter(
        permissions__codename=codename, permissions__content_type__app_label=app_label
    )

    assert sorted(holders.values_list("name", flat=True)) == sorted([APPROVERS, COMMUNICATIONS])


def test_the_admin_home_page_links_to_readership_for_those_who_may_see_it():
    link = f'href="{reverse("readership:index")}"'

    allowed = client_as(person_in(COMMUNICATIONS, "comms")).get(reverse("admin:index"))
    refused = client_as(person_in(MODERATORS, "mod")).get(reverse("admin:index"))

    assert link in allowed.content.decode()
    assert "Readership: the most read posts" in allowed.content.decode()
    assert link not in refused.content.decode()


def test_a_published_posts_writing_screen_links_to_its_readership():
    client = client_as(person_in(COMMUNICATIONS, "comms"))
    post = published_post()
    draft = make_post(status=Post.Status.DRAFT)
    scheduled = make_post(published_at=timezone.now() + timedelta(days=3))

    def has_link(item):
        page = client.get(reverse("admin:posts_post_change", args=[item.pk])).content.decode()
        return f'href="{reverse("readership:post", kwargs={"post_id": item.pk})}"' in page

    assert has_link(post)
    assert not has_link(draft)
    assert not has_link(scheduled)


def test_an_editor_without_the_permission_sees_no_readership_link():
    post = published_post()
    editor = staff_user("editor", perms=["posts.change_post", "posts.view_post"])

    page = client_as(editor).get(reverse("admin:posts_post_change", args=[post.pk]))

    assert "Readership" not in page.content.decode()

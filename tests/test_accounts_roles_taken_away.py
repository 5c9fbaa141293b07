"""A change to an account or its roles takes effect on the next request, on every server.

The signed-in user and their permissions are read from the database on every request (Django's
own session sign-in): no copy of them is kept in the cache, so nothing can hide a change, even
one made with QuerySet.update() or by another program writing to the database.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client

from comments.roles import OFFICIAL_REPLY
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db

OFFICIAL_BOX = "Post as an official reply"


@pytest.fixture(autouse=True)
def as_in_production(settings):
    # What the settings say with CACHE_URL=redis://..., where the cache is shared by servers
    # and each process keeps copies of what it used a moment ago (pagecache/recent.py).
    settings.CACHE_IS_SHARED = True
    cache.clear()
    yield
    cache.clear()


def signed_in(user):
    client = Client()
    client.force_login(user)
    # Whatever signing in left in the cache goes, as after its few seconds: nothing may rely on
    # it to make the change below visible.
    cache.clear()
    return client


def test_no_copy_of_the_user_or_their_password_hash_is_kept_in_the_cache():
    robin = make_user("robin", first_name="Robin", last_name="Reader")
    client = signed_in(robin)
    post = make_post()
    for _ in range(2):
        assert "Signed in as Robin Reader" in client.get(post.get_absolute_url()).text
    stored = b"".join(cache._cache.values())  # the process's cache in tests (LocMemCache)
    assert robin.password.encode() not in stored
    assert b"pw-for-tests" not in stored


def test_a_deactivated_leaver_is_signed_out_on_their_next_request():
    lee = make_user("lee")
    client = signed_in(lee)
    assert client.get("/").status_code == 200
    lee.is_active = False
    lee.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_leaver_deactivated_by_an_update_is_signed_out_on_their_next_request():
    lee = make_user("lee")
    client = signed_in(lee)
    assert client.get("/").status_code == 200
    # update() sends no signal, as with a script or a database restore.
    get_user_model().objects.filter(pk=lee.pk).update(is_active=False)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_new_password_signs_out_sessions_started_with_the_old_one():
    sam = make_user("sam")
    client = signed_in(sam)
    assert client.get("/").status_code == 200
    sam.set_password("a-brand-new-password-2026")
    sam.save()
    assert client.get("/").status_code == 302


def test_a_new_name_shows_in_the_account_box_at_once():
    robin = make_user("robin", first_name="Robin", last_name="Reader")
    client = signed_in(robin)
    client.get("/")
    robin.last_name = "Rivers"
    robin.save()
    assert "Signed in as Robin Rivers" in client.get("/").text


def _save_not_staff(user):
    user.is_staff = False
    user.save()


def _update_not_staff(user):
    get_user_model().objects.filter(pk=user.pk).update(is_staff=False)


@pytest.mark.parametrize(
    "take_away",
    [
        pytest.param(_save_not_staff, id="staff removed"),
        pytest.param(_update_not_staff, id="staff removed by an update"),
    ],
)
def test_staff_removed_loses_the_admin_on_the_next_request(take_away):
    post = make_post(title="Spending review")
    moderator = make_user("mod", is_staff=True, perms=["comments.change_comment"])
    client = signed_in(moderator)
    assert client.get("/admin/").status_code == 200
    assert ">Admin</a>" in client.get(post.get_absolute_url()).text

    take_away(moderator)

    assert client.get("/admin/").status_code == 302
    assert ">Admin</a>" not in client.get(post.get_absolute_url()).text


def official_group():
    group, _ = Group.objects.get_or_create(name=OFFICIAL_REPLY)
    group.permissions.add(Permission.objects.get(codename="post_official_reply"))
    return group


def _official_reply():
    return Permission.objects.get(codename="post_official_reply")


@pytest.mark.parametrize(
    "take_away",
    [
        pytest.param(lambda user, group: user.groups.remove(group), id="user left the group"),
        pytest.param(lambda user, group: group.user_set.remove(user), id="group lost the user"),
        pytest.param(lambda user, group: group.user_set.clear(), id="group emptied"),
        pytest.param(
            lambda user, group: group.permissions.remove(_official_reply()),
            id="permission removed from the group",
        ),
        pytest.param(lambda user, group: group.permissions.clear(), id="group lost the permission"),
        pytest.param(
            lambda user, group: _official_reply().group_set.clear(),
            id="permission taken from every group",
        ),
        pytest.param(lambda user, group: group.delete(), id="group deleted"),
        pytest.param(
            lambda user, group: Group.user_set.through.objects.filter(user=user).delete(),
            id="membership rows deleted",
        ),
    ],
)
def test_a_role_taken_away_removes_what_it_allowed_on_the_next_request(take_away):
    post = make_post(title="Spending review")
    group = official_group()
    officer = make_user("officer")
    officer.groups.add(group)
    client = signed_in(officer)
    assert OFFICIAL_BOX in client.get(post.get_absolute_url()).text

    take_away(officer, group)

    assert OFFICIAL_BOX not in client.get(post.get_absolute_url()).text


@pytest.mark.parametrize(
    "grant",
    [
        pytest.param(lambda user, group: user.groups.add(group), id="user joined the group"),
        pytest.param(lambda user, group: group.user_set.add(user), id="group gained the user"),
        pytest.param(
            lambda user, group: user.user_permissions.add(_official_reply()),
            id="permission given to the user",
        ),
    ],
)
def test_a_role_given_shows_what_it_allows_on_the_next_request(grant):
    post = make_post(title="Spending review")
    group = official_group()
    officer = make_user("officer")
    client = signed_in(officer)
    assert OFFICIAL_BOX not in client.get(post.get_absolute_url()).text

    grant(officer, group)

    assert OFFICIAL_BOX in client.get(post.get_absolute_url()).text


def test_a_permission_taken_from_the_user_themselves_goes_on_the_next_request():
    post = make_post(title="Spending review")
    officer = make_user("officer")
    officer.user_permissions.add(_official_reply())
    client = signed_in(officer)
    assert OFFICIAL_BOX in client.get(post.get_absolute_url()).text

    _official_reply().user_set.clear()

    assert OFFICIAL_BOX not in client.get(post.get_absolute_url()).text

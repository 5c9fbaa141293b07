"""With a shared cache, a change to an account or its roles takes effect on the next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.roles import OFFICIAL_REPLY
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db

OFFICIAL_BOX = "Post as an official reply"


@pytest.fixture(autouse=True)
def shared(settings):
    settings.CACHE_IS_SHARED = True
    cache.clear()
    yield
    cache.clear()


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def user_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries if '"auth_user"' in q["sql"]]


def test_the_signed_in_user_is_read_from_the_cache_after_the_first_request(monkeypatch):
    # Signing in holds the copy for seconds (pagecache/readthrough.py); here it lapses at once.
    monkeypatch.setattr("pagecache.readthrough.HOLD_SECONDS", 0)
    client = signed_in(make_user("robin", first_name="Robin", last_name="Reader"))
    client.get("/")
    response, queries = user_queries(client, "/")
    assert "Signed in as Robin Reader" in response.text
    assert queries == []


def test_a_deactivated_leaver_is_signed_out_on_their_next_request():
    lee = make_user("lee")
    client = signed_in(lee)
    assert client.get("/").status_code == 200
    lee.is_active = False
    lee.save()
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


def official_group():
    group, _ = Group.objects.get_or_create(name=OFFICIAL_REPLY)
    group.permissions.add(Permission.objects.get(codename="post_official_reply"))
    return group


@pytest.mark.parametrize(
    "take_away",
    [
        pytest.param(lambda user, group: user.groups.remove(group), id="user left the group"),
        pytest.param(lambda user, group: group.user_set.remove(user), id="group lost the user"),
        pytest.param(lambda user, group: group.user_set.clear(), id="group emptied"),
        pytest.param(lambda user, group: group.permissions.clear(), id="group lost the permission"),
        pytest.param(
            lambda user, group: Permission.objects.get(
                codename="post_official_reply"
            ).group_set.clear(),
            id="permission taken from every group",
        ),
        pytest.param(lambda user, group: group.delete(), id="group deleted"),
    ],
)
def test_a_role_taken_away_removes_what_it_allowed_at_once(take_away):
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
            lambda user, group: user.user_permissions.add(
                Permission.objects.get(codename="post_official_reply")
            ),
            id="permission given to the user",
        ),
    ],
)
def test_a_role_given_shows_what_it_allows_at_once(grant):
    post = make_post(title="Spending review")
    group = official_group()
    officer = make_user("officer")
    client = signed_in(officer)
    assert OFFICIAL_BOX not in client.get(post.get_absolute_url()).text

    grant(officer, group)

    assert OFFICIAL_BOX in client.get(post.get_absolute_url()).text


def test_a_permission_taken_from_the_user_themselves_goes_at_once():
    post = make_post(title="Spending review")
    permission = Permission.objects.get(codename="post_official_reply")
    officer = make_user("officer")
    officer.user_permissions.add(permission)
    client = signed_in(officer)
    assert OFFICIAL_BOX in client.get(post.get_absolute_url()).text

    permission.user_set.clear()

    assert OFFICIAL_BOX not in client.get(post.get_absolute_url()).text

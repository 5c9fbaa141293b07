"""Every URL of the site × every kind of user → the status they get.

Add a line to EXPECTED for every new URL name; a URL without one makes this test fail.
Statuses are in ROLES order: anonymous, reader, communications, moderator, admin.
SIGN_IN means a redirect to a sign-in page.
"""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from posts.models import Post
from tests.helpers import make_post, make_user
from tests.urlwalk import site_routes

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "communications", "moderator", "admin")
SIGN_IN = "sign-in"

EVERYONE_SIGNED_IN = (SIGN_IN, 200, 200, 200, 200)
ADMIN_STAFF = (SIGN_IN, SIGN_IN, 200, 200, 200)
ADMIN_ONLY = (SIGN_IN, SIGN_IN, 403, 403, 200)
POST_EDITORS = (SIGN_IN, SIGN_IN, 200, 403, 200)
NOBODY = (SIGN_IN, SIGN_IN, 403, 403, 403)
ADMIN_REDIRECT = (SIGN_IN, SIGN_IN, 302, 302, 302)


def admin_model(app_model, *, editors=ADMIN_ONLY, add=None, delete=None):
    """Expectations for the six admin URLs of one registered model."""
    return {
        f"admin:{app_model}_changelist": editors,
        f"admin:{app_model}_add": add or editors,
        f"admin:{app_model}_history": editors,
        f"admin:{app_model}_delete": delete or editors,
        f"admin:{app_model}_change": editors,
        f"admin/{app_model.replace('_', '/', 1)}/<path:object_id>/": ADMIN_REDIRECT,
    }


EXPECTED = {
    # accounts
    "login": (200, 302, 302, 302, 302),
    "logout": (405, 405, 405, 405, 405),
    "oidc_authentication_init": (404, 404, 404, 404, 404),
    "oidc_authentication_callback": (404, 404, 404, 404, 404),
    "media": EVERYONE_SIGNED_IN,
    # posts
    "posts:index": EVERYONE_SIGNED_IN,
    "posts:tag": EVERYONE_SIGNED_IN,
    "posts:author": EVERYONE_SIGNED_IN,
    "posts:archive-year": EVERYONE_SIGNED_IN,
    "posts:archive-month": EVERYONE_SIGNED_IN,
    "posts:archive-day": EVERYONE_SIGNED_IN,
    "posts:detail": EVERYONE_SIGNED_IN,
    # the admin site
    "admin:index": ADMIN_STAFF,
    "admin:login": (200, 200, 302, 302, 302),
    "admin:logout": (SIGN_IN, 302, 405, 405, 405),
    "admin:password_change": ADMIN_STAFF,
    "admin:password_change_done": ADMIN_STAFF,
    "admin:autocomplete": (SIGN_IN, SIGN_IN, 403, 403, 403),
    "admin:jsi18n": ADMIN_STAFF,
    "admin:view_on_site": (SIGN_IN, SIGN_IN, 302, 302, 302),
    "admin:app_list": (SIGN_IN, SIGN_IN, 200, 404, 200),
    "admin/(?P<url>.*)": (SIGN_IN, SIGN_IN, 404, 404, 404),
    "admin:auth_user_password_change": ADMIN_ONLY,
    **admin_model("auth_group"),
    **admin_model("auth_user"),
    **admin_model("taggit_tag"),
    **admin_model("posts_post", editors=POST_EDITORS),
    # The audit log and the sign-in monitor's records are never written by hand.
    **admin_model("accounts_auditlogentry", add=NOBODY, delete=NOBODY),
    **admin_model("axes_accessattempt", add=NOBODY),
    **admin_model("axes_accesslog", add=NOBODY),
    **admin_model("axes_accessfailurelog", add=NOBODY),
}

ROLE_FLAGS = {
    "reader": {},
    "communications": {"is_staff": True},
    "moderator": {"is_staff": True},
    "admin": {"is_staff": True, "is_superuser": True},
}
ROLE_GROUPS = {"communications": "Communications", "moderator": "Moderators"}
# Used only while `manage.py setup_roles` is not on this branch: the demo editor's permissions.
FALLBACK_GROUP_PERMISSIONS = {
    "Communications": ["add_post", "change_post", "delete_post", "view_post"],
    "Moderators": [],
}


def set_up_roles():
    try:
        call_command("setup_roles", verbosity=0)
    except CommandError:
        for name, codenames in FALLBACK_GROUP_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.set(Permission.objects.filter(codename__in=codenames))


def clients_by_role():
    set_up_roles()
    clients = {"anonymous": Client()}
    for role, flags in ROLE_FLAGS.items():
        user = make_user(f"matrix-{role}", **flags)
        if role in ROLE_GROUPS:
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


def make_site_objects(media_root):
    """Create one real object of each kind the URLs point at, and return path parameters."""
    author = make_user("matrix-author", first_name="Mo", last_name="Author")
    day = timezone.now() - timedelta(days=2)
    first = make_post(author=author, published_at=day, tags=["matrix"])
    make_post(author=author, published_at=day + timedelta(minutes=1), tags=["matrix"])
    local = first.local_published_at()
    (media_root / "photo.png").parent.mkdir(parents=True, exist_ok=True)
    (media_root / "photo.png").write_bytes(b"\x89PNG picture")
    LogEntry.objects.log_actions(author.pk, [first], CHANGE, "Edited", single_object=True)
    # A failed and a successful sign-in give the sign-in monitor's tables a row each.
    Client().post("/login/", {"username": "matrix-author", "password": "pw-for-tests"})
    Client().post("/login/", {"username": "matrix-author", "password": "wrong"})
    return {
        "page": "2",
        "year": f"{local.year:04d}",
        "month": f"{local.month:02d}",
        "day": f"{local.day:02d}",
        "username": author.username,
        "path": "photo.png",
        "app_label": "posts",
        "url": "no-such-admin-page/",
        "content_type_id": str(ContentType.objects.get_for_model(Post).pk),
        "id": str(author.pk),
    }, first


def admin_object_id(route):
    """Return the primary key of an object of the model an admin URL is about."""
    match = re.match(r"admin/(\w+)/(\w+)/", route.route)
    model = apps.get_model(match[1], match[2])
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"make_site_objects() must create a {model.__name__} for {route}"
    return str(obj.pk)


def url_for(route, values, post):
    values = {**values}
    if route.name in {"posts:tag"}:
        values["slug"] = "matrix"
    if route.name == "posts:detail":
        values["slug"] = post.slug
    if route.name == "admin:view_on_site":
        values["object_id"] = str(post.pk)
    elif "object_id" in dict(route.parameters):
        values["object_id"] = admin_object_id(route)
    path = route.route
    for name, kind in route.parameters:
        if kind == "regex":
            path = re.sub(rf"\(\?P<{name}>[^)]*\)", values[name], path, count=1)
        else:
            path = re.sub(rf"<(\w+:)?{name}>", values[name], path, count=1)
    path = path.replace("\\", "")
    return "/" + path


def outcome(response):
    if response.status_code == 302 and re.match(r"^/(admin/)?login/", response["Location"]):
        return SIGN_IN
    return response.status_code


def test_every_url_has_expectations():
    missing = sorted({route.name for route in site_routes()} - set(EXPECTED))
    assert not missing, f"Add these URL names to EXPECTED in {__name__}: {missing}"


def test_every_url_answers_each_kind_of_user_as_expected(media_root, settings):
    settings.CEOBLOG_POSTS_PER_PAGE = 1
    values, post = make_site_objects(media_root)
    clients = clients_by_role()
    failures = []
    for route in site_routes():
        url = url_for(route, values, post)
        expected = EXPECTED.get(route.name)
        if expected is None:
            continue  # reported by test_every_url_has_expectations
        got = tuple(outcome(clients[role].get(url)) for role in ROLES)
        if got != expected:
            failures.append(f"{url} ({route.name}): expected {expected}, got {got}")
    assert not failures, "\n".join(failures)

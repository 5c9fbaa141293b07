"""Security headers, header sign-in, media files, lockout and the production settings check."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from readership.models import Directorate
from tests.helpers import PROJECT_ROOT, make_photo, make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/", "/login/", "/2020/", "/no-such-page/", "/admin/login/", "/media/missing.png"]
)
def test_every_page_type_sends_the_security_headers(reader_client, path):
    make_post()
    response = reader_client.get(path)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_pages_contain_no_inline_script_or_style(reader_client):
    post = make_post()
    for path in ["/", "/login/", post.get_absolute_url()]:
        text = reader_client.get(path).text
        assert "<script>" not in text
        assert "style=" not in text
        assert "<style" not in text


# --- Header sign-in from an authenticating reverse proxy ---------------------------------------


@pytest.fixture
def proxy_sign_in(settings):
    settings.CEOBLOG_REMOTE_USER_HEADER = "X-Remote-User"
    settings.CEOBLOG_TRUSTED_PROXIES = ["10.20.0.0/24", "::1/128"]
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "accounts.backends.HeaderBackend",
    ]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "accounts.middleware.TrustedProxyRemoteUserMiddleware",
    )
    settings.MIDDLEWARE = middleware


def test_header_sign_in_from_a_trusted_proxy_signs_the_user_in(client, proxy_sign_in):
    make_user("kjones", first_name="Kit", last_name="Jones")

    response = client.get("/", HTTP_X_REMOTE_USER="kjones", REMOTE_ADDR="10.20.0.7")

    assert response.status_code == 200
    assert "Signed in as Kit Jones" in response.text


def test_header_sign_in_makes_no_account_for_an_unknown_name(client, proxy_sign_in, caplog):
    response = client.get("/", HTTP_X_REMOTE_USER="newstarter", REMOTE_ADDR="::1")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"
    assert not get_user_model().objects.filter(username="newstarter").exists()
    assert "Header sign-in refused for 'newstarter' from ::1" in caplog.text


def test_header_sign_in_creates_an_account_when_the_site_allows_it(client, proxy_sign_in, settings):
    settings.CEOBLOG_REMOTE_USER_CREATE = True

    response = client.get("/", HTTP_X_REMOTE_USER="newstarter", REMOTE_ADDR="::1")

    assert response.status_code == 200
    assert response.wsgi_request.user.username == "newstarter"


@pytest.mark.parametrize(
    "fields", [{"is_superuser": True, "is_staff": True}, {"is_staff": True}], ids=["admin", "staff"]
)
def test_header_sign_in_never_signs_in_staff_or_an_administrator(
    client, proxy_sign_in, caplog, fields
):
    make_user("admin", **fields)

    for path in ("/", "/admin/"):
        response = client.get(path, HTTP_X_REMOTE_USER="admin", REMOTE_ADDR="10.20.0.7")
        assert response.status_code == 302
        assert not response.wsgi_request.user.is_authenticated
    assert "Header sign-in refused for 'admin' from 10.20.0.7" in caplog.text


def test_refused_header_names_do_not_lock_header_sign_in_out_for_others(client, proxy_sign_in):
    make_user("kjones", first_name="Kit", last_name="Jones")
    for number in range(8):
        client.get("/", HTTP_X_REMOTE_USER=f"stranger{number}", REMOTE_ADDR="10.20.0.7")

    response = client.get("/", HTTP_X_REMOTE_USER="kjones", REMOTE_ADDR="10.20.0.7")

    assert response.status_code == 200
    assert "Signed in as Kit Jones" in response.text


def test_a_header_naming_someone_refused_ends_the_session_the_header_started(client, proxy_sign_in):
    make_user("kjones")
    make_user("chief", is_staff=True)
    assert client.get("/", HTTP_X_REMOTE_USER="kjones", REMOTE_ADDR="10.20.0.7").status_code == 200

    response = client.get("/", HTTP_X_REMOTE_USER="chief", REMOTE_ADDR="10.20.0.7")

    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_header_sign_in_signs_in_staff_when_the_site_allows_it(client, proxy_sign_in, settings):
    settings.CEOBLOG_REMOTE_USER_ALLOW_STAFF = True
    make_user("admin", is_superuser=True, is_staff=True)

    response = client.get("/admin/", HTTP_X_REMOTE_USER="admin", REMOTE_ADDR="10.20.0.7")

    assert response.status_code == 200
    assert response.wsgi_request.user.username == "admin"


def test_header_sign_in_with_a_name_longer_than_any_account_s_is_refused_not_a_crash(
    client, proxy_sign_in
):
    response = client.get("/", HTTP_X_REMOTE_USER="n" * 300, REMOTE_ADDR="::1")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("address", ["10.20.1.7", "127.0.0.1", "192.168.0.10", "not-an-address"])
def test_header_from_any_other_address_is_ignored(client, proxy_sign_in, address):
    make_user("kjones")

    response = client.get("/", HTTP_X_REMOTE_USER="kjones", REMOTE_ADDR=address)

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_header_cannot_switch_a_signed_in_user_from_an_untrusted_address(client, proxy_sign_in):
    client.force_login(make_user("reader1"))
    make_user("chief", is_superuser=True, is_staff=True)

    response = client.get("/admin/", HTTP_X_REMOTE_USER="chief", REMOTE_ADDR="172.16.0.5")

    assert response.wsgi_request.user.username == "reader1"
    assert response.status_code == 302


# --- Everything behind sign-in -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/page/2/", "/2020/", "/tag/news/", "/media/photo.jpg"])
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


# --- Media files -------------------------------------------------------------------------------


def write_media(media_root, name, content=b"\x89PNG picture"):
    target = media_root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target


def test_signed_in_readers_get_images_inline(reader_client, media_root):
    # A published post's photo: who may see which photo is tests/test_photos_who_may_see.py.
    photo = make_photo()
    make_post(featured_photo=photo)

    response = reader_client.get(f"/media/{photo.image.name}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (media_root / photo.image.name).read_bytes()
    assert response["Content-Type"] == "image/jpeg"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["Cache-Control"] == "private, max-age=3600"


def test_files_that_could_run_script_are_downloads(client, media_root):
    client.force_login(make_user(perms=["photos.view_photo"]))
    write_media(media_root, "drawing.svg", b"<svg onload='alert(1)'/>")

    response = client.get("/media/drawing.svg")

    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "/media/../ceoblog/settings.py",
        "/media/%2E%2E/%2E%2E/etc/passwd",
        "/media//etc/passwd",
        "/media/posts/../../secret.txt",
        "/media/%00.png",
        "/media/posts/",
    ],
)
def test_paths_outside_the_media_folder_are_not_found(reader_client, media_root, path):
    write_media(media_root.parent, "secret.txt", b"not for readers")

    response = reader_client.get(path)

    assert response.status_code == 404


def test_nginx_sends_the_file_when_internal_redirect_is_set(client, media_root, settings):
    settings.CEOBLOG_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    client.force_login(make_user(perms=["photos.view_photo"]))
    write_media(media_root, "posts/team photo.jpg")

    response = client.get("/media/posts/team%20photo.jpg")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/posts/team%20photo.jpg"
    assert response.content == b""


# --- Sign-in lockout ---------------------------------------------------------------------------


def test_repeated_failed_sign_ins_lock_the_account_with_a_clear_message(client, settings):
    make_user("target", password="the-right-password")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/login/", {"username": "target", "password": "wrong"})
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.text

    response = client.post("/login/", {"username": "target", "password": "wrong"})

    assert response.status_code == 429
    assert "Signing in is paused" in response.text
    assert "You can try again in 15 minutes, at " in response.text
    locked = client.post("/login/", {"username": "target", "password": "the-right-password"})
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated


def test_lockout_is_per_person_and_address(client, settings):
    make_user("target", password="the-right-password")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "target", "password": "wrong"})

    response = client.post(
        "/login/",
        {"username": "target", "password": "the-right-password"},
        REMOTE_ADDR="10.1.2.3",
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


# --- Request size ------------------------------------------------------------------------------


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_oversized_form_is_refused_with_400(client):
    response = client.post("/login/", {"username": "x" * 2000, "password": "y"})

    assert response.status_code == 400


# --- Production settings -----------------------------------------------------------------------


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k3Jq9-production-like-secret-for-the-deploy-check-7Hw2pXz5vRb8nYt4",
        "DJANGO_ALLOWED_HOSTS": "blog.intranet.council.example",
        "CEOBLOG_HTTPS": "true",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_header_sign_in_saves_the_directorate_the_proxy_sends(client, proxy_sign_in, settings):
    settings.CEOBLOG_REMOTE_USER_DIRECTORATE_HEADER = "X-Remote-Directorate"
    kit = make_user("kjones", first_name="Kit", last_name="Jones")

    response = client.get(
        "/",
        HTTP_X_REMOTE_USER="kjones",
        HTTP_X_REMOTE_DIRECTORATE="Children's Services",
        REMOTE_ADDR="10.20.0.7",
    )

    assert "Signed in as Kit Jones" in response.text
    assert Directorate.objects.get(user=kit).name == "Children's Services"


def test_a_directorate_header_from_an_untrusted_address_is_ignored(client, proxy_sign_in, settings):
    settings.CEOBLOG_REMOTE_USER_DIRECTORATE_HEADER = "X-Remote-Directorate"
    make_user("kjones")

    client.get(
        "/",
        HTTP_X_REMOTE_USER="kjones",
        HTTP_X_REMOTE_DIRECTORATE="Place",
        REMOTE_ADDR="192.0.2.9",
    )

    assert not Directorate.objects.exists()

"""Two gunicorn servers behind nginx share the database, the Redis cache and the sessions.

Starts real processes on free loopback ports: Redis, two gunicorn servers and nginx with
deploy/nginx.conf. Skipped where nginx, redis-server or gunicorn are not installed.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
REDIS = shutil.which("redis-server")

pytestmark = [
    pytest.mark.multiserver,
    pytest.mark.skipif(
        not (NGINX and REDIS and GUNICORN.exists()),
        reason="needs nginx, redis-server and gunicorn (apt-get install nginx redis-server)",
    ),
]

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "multi-server-test-password"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def wait_for_port(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listened on port {port} within {seconds} s")


class Browser:
    """A cookie jar sent to every port of 127.0.0.1, as a browser does."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def get(self, url):
        return self._open(urllib.request.Request(url))

    def post(self, url, fields):
        data = urllib.parse.urlencode(fields).encode()
        referer = url.split("/", 3)[:3]
        return self._open(
            urllib.request.Request(url, data=data, headers={"Referer": "/".join(referer)})
        )

    def _open(self, request):
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, dict(response.headers), response.read().decode()

    def sign_in(self, base, username):
        _, _, page = self.get(f"{base}/login/")
        token = CSRF_INPUT.search(page).group(1)
        status, _, _ = self.post(
            f"{base}/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert status == 302, "signing in failed"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Start Redis, two app servers and nginx on one fresh database; yield their addresses."""
    tmp = tmp_path_factory.mktemp("cluster")
    database = settings.DATABASES["default"]
    created_db = None
    if database["ENGINE"].endswith("postgresql"):
        import psycopg

        created_db = f"ceoblog_multiserver_{uuid.uuid4().hex[:8]}"
        server = (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        )
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{created_db}"')
        database_url = f"{server}/{created_db}"
    else:
        database_url = f"sqlite:///{tmp / 'db.sqlite3'}"

    redis_port, app_ports, nginx_port = free_port(), [free_port(), free_port()], free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "multi-server-test-key-" + "y" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "CEOBLOG_MEDIA_ACCEL_REDIRECT": "/protected-media/",
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    processes = []

    def start(command, **extra):
        process = subprocess.Popen(command, cwd=ROOT, env={**env, **extra})
        processes.append(process)
        return process

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)

    try:
        # First: saving users and posts puts the shared cache's copies on hold.
        start([REDIS, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""])
        wait_for_port(redis_port)
        manage("migrate", "--noinput", "--verbosity", "0")
        manage("collectstatic", "--noinput", "--verbosity", "0")
        manage("shell", "-c", SETUP_SCRIPT)
        for port in app_ports:
            start(
                [str(GUNICORN), "--config", "deploy/gunicorn.conf.py"],
                GUNICORN_BIND=f"127.0.0.1:{port}",
            )
        nginx_conf = write_nginx_config(tmp, app_ports, nginx_port)
        start([NGINX, "-p", str(tmp), "-c", str(nginx_conf), "-g", "daemon off;"])
        bases = [f"http://127.0.0.1:{port}" for port in app_ports]
        proxy = f"http://127.0.0.1:{nginx_port}"
        for base in [*bases, proxy]:
            wait_for(f"{base}/healthz")
        yield {"a": bases[0], "b": bases[1], "nginx": proxy, "env": env, "manage": manage}
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        if created_db:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{created_db}" WITH (FORCE)')


SETUP_SCRIPT = f"""
from datetime import timedelta
from django.contrib.auth.models import Permission, User
from django.utils import timezone
from posts.models import Post
reader = User.objects.create_user(
    "robin", password="{PASSWORD}", first_name="Robin", last_name="Reader"
)
editor = User.objects.create_user(
    "eddie", password="{PASSWORD}", first_name="Eddie", last_name="Editor", is_staff=True
)
User.objects.create_user(
    "lee", password="{PASSWORD}", first_name="Lee", last_name="Leaver"
)
editor.user_permissions.set(Permission.objects.filter(content_type__app_label="posts"))
Post.objects.create(title="Before the change", slug="shared-post", author=editor,
    body="<p>Served by two servers.</p>", status="published",
    published_at=timezone.now() - timedelta(days=1))
"""


def write_nginx_config(tmp, app_ports, nginx_port):
    """Run deploy/nginx.conf as it is, with this test's ports and folders."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("127.0.0.1:8001", f"127.0.0.1:{app_ports[0]}")
    site = site.replace("127.0.0.1:8002", f"127.0.0.1:{app_ports[1]}")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{nginx_port};")
    site = site.replace("/srv/ceoblog/staticfiles/", f"{tmp / 'static'}/")
    site = site.replace("/srv/ceoblog/media/", f"{tmp / 'media'}/")
    (tmp / "logs").mkdir()
    # Run as root, nginx's workers drop to "nobody", who cannot read pytest's private folders.
    user = "user root;" if os.geteuid() == 0 else ""
    main = f"""
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    default_type application/octet-stream;
    {site}
}}
"""
    path = tmp / "nginx.conf"
    path.write_text(main)
    return path


def test_nginx_spreads_requests_over_both_app_servers(cluster):
    browser = Browser()
    answered = {browser.get(f"{cluster['nginx']}/healthz")[1]["X-Upstream"] for _ in range(6)}
    assert answered == {cluster["a"].removeprefix("http://"), cluster["b"].removeprefix("http://")}


def test_a_session_started_on_one_server_works_on_the_other(cluster):
    browser = Browser()
    browser.sign_in(cluster["a"], "robin")
    status, _, page = browser.get(f"{cluster['b']}/")
    assert status == 200
    assert "Signed in as Robin Reader" in page

    token = CSRF_INPUT.search(page).group(1)
    assert browser.post(f"{cluster['b']}/logout/", {"csrfmiddlewaretoken": token})[0] == 302
    status, headers, _ = browser.get(f"{cluster['a']}/")
    assert status == 302
    assert headers["Location"].startswith("/login/")


def test_an_edit_through_one_server_shows_at_once_through_the_other(cluster):
    reader, editor = Browser(), Browser()
    reader.sign_in(cluster["b"], "robin")
    editor.sign_in(cluster["a"], "eddie")
    post_url = f"{cluster['b']}/"
    # Server B caches the page before the change.
    assert "Before the change" in reader.get(post_url)[2]

    change_url = f"{cluster['a']}/admin/posts/post/1/change/"
    status, _, form = editor.get(change_url)
    assert status == 200
    fields = {
        "csrfmiddlewaretoken": CSRF_INPUT.search(form).group(1),
        "title": "After the change",
        "slug": "shared-post",
        "author": re.search(r'<option value="(\d+)" selected', form).group(1),
        "body": "<p>Served by two servers.</p>",
        "excerpt": "",
        "tags": "",
        "comments_open": "on",
        "published_at_0": re.search(r'name="published_at_0"[^>]* value="([^"]+)"', form).group(1),
        "published_at_1": re.search(r'name="published_at_1"[^>]* value="([^"]+)"', form).group(1),
        "_update": "",
    }
    status, _, body = editor.post(change_url, fields)
    assert status == 302, body[:2000]

    for base in (cluster["b"], cluster["nginx"], cluster["nginx"]):
        page = reader.get(f"{base}/")[2]
        assert "After the change" in page
        assert "Before the change" not in page


def test_a_comment_through_one_server_shows_at_once_through_the_other(cluster):
    reader = Browser()
    reader.sign_in(cluster["a"], "robin")
    _, _, home = reader.get(f"{cluster['b']}/")
    post_path = re.search(r'<h2[^>]*><a href="([^"]+)"', home).group(1)
    _, _, page = reader.get(f"{cluster['b']}{post_path}")
    form = next(
        match
        for match in re.finditer(r'<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>', page, re.S)
        if "<textarea" in match.group(2)
    )
    action, inner = form.group(1) or post_path, form.group(2)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', inner))
    text = f"Seen from both servers {uuid.uuid4().hex[:6]}"
    fields[re.search(r'<textarea[^>]*name="([^"]+)"', inner).group(1)] = text
    status, _, _ = reader.post(f"{cluster['a']}{action}", fields)
    assert status == 303
    assert text in reader.get(f"{cluster['b']}{post_path}")[2]


def test_photos_through_nginx_need_sign_in_and_are_sent_by_nginx(cluster):
    media = Path(cluster["env"]["MEDIA_ROOT"])
    (media / "photos").mkdir(parents=True, exist_ok=True)
    (media / "photos" / "visit.jpg").write_bytes(b"not really a photo")
    anonymous = Browser()
    status, headers, _ = anonymous.get(f"{cluster['nginx']}/media/photos/visit.jpg")
    assert status == 302
    assert headers["Location"].startswith("/login/")
    assert anonymous.get(f"{cluster['nginx']}/protected-media/photos/visit.jpg")[0] == 404
    reader = Browser()
    reader.sign_in(cluster["nginx"], "robin")
    status, headers, body = reader.get(f"{cluster['nginx']}/media/photos/visit.jpg")
    assert status == 200, (headers, body[:300])
    assert "not really a photo" in body


def test_a_leaver_deactivated_elsewhere_is_signed_out_at_once_on_both_servers(cluster):
    browser = Browser()
    browser.sign_in(cluster["a"], "lee")
    # Both servers now hold Lee's account in the shared cache.
    for base in (cluster["a"], cluster["b"]):
        assert "Signed in as Lee Leaver" in browser.get(f"{base}/")[2]

    cluster["manage"](
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "lee = User.objects.get(username='lee'); lee.is_active = False; lee.save()",
    )

    for base in (cluster["a"], cluster["b"]):
        status, headers, _ = browser.get(f"{base}/")
        assert status == 302
        assert headers["Location"].startswith("/login/")

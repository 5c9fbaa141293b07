"""Start a production-like deployment for tests: Redis, two gunicorn servers and nginx.

Real processes on free loopback ports, one fresh database, deploy/nginx.conf as shipped.
tests/test_deploy_*.py use cluster_started() with the settings each needs.
"""

import contextlib
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

# Every two-server test module sets pytestmark = deployment.MARKS.
MARKS = [
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
        # Browsers send the page's origin with every form; Django checks it against the Host.
        origin = "/".join(url.split("/", 3)[:3])
        return self._open(
            urllib.request.Request(url, data=data, headers={"Referer": origin, "Origin": origin})
        )

    def _open(self, request):
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, dict(response.headers), response.read().decode(errors="replace")

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


@contextlib.contextmanager
def cluster_started(tmp, extra_env=None, setup_script=None, upstream_header=True):
    """Start Redis, two app servers and nginx on one fresh database; yield their addresses.

    extra_env adds or overrides the servers' environment; setup_script runs in manage.py shell
    after migrating (SETUP_SCRIPT by default: robin the reader, eddie the editor, lee, one post).
    upstream_header switches on nginx.conf's X-Upstream line (off as shipped), which says which
    app server answered.
    """
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
        # Several processes write at once: each transaction takes SQLite's write lock at its
        # start and waits for it, rather than failing with "database is locked" on meeting another.
        database_url = f"sqlite:///{tmp / 'db.sqlite3'}?transaction_mode=IMMEDIATE&timeout=10"

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
        **(extra_env or {}),
    }
    processes = []
    # Redis as shipped (deploy/redis.conf), with this test's port and a folder of its own.
    (tmp / "redis").mkdir()
    redis_command = [
        REDIS,
        str(ROOT / "deploy" / "redis.conf"),
        *("--port", str(redis_port), "--bind", "127.0.0.1", "--dir", str(tmp / "redis")),
    ]

    def start(command, **extra):
        process = subprocess.Popen(command, cwd=ROOT, env={**env, **extra})
        processes.append(process)
        return process

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)

    try:
        # First: saving users and posts puts the shared cache's copies on hold.
        redis = start(redis_command)
        wait_for_port(redis_port)
        manage("migrate", "--noinput", "--verbosity", "0")
        manage("collectstatic", "--noinput", "--verbosity", "0")
        manage("shell", "-c", setup_script or SETUP_SCRIPT)
        for port in app_ports:
            start(
                [str(GUNICORN), "--config", "deploy/gunicorn.conf.py"],
                GUNICORN_BIND=f"127.0.0.1:{port}",
            )
        nginx_conf = write_nginx_config(tmp, app_ports, nginx_port, upstream_header)
        start([NGINX, "-p", str(tmp), "-c", str(nginx_conf), "-g", "daemon off;"])
        bases = [f"http://127.0.0.1:{port}" for port in app_ports]
        proxy = f"http://127.0.0.1:{nginx_port}"
        for base in [*bases, proxy]:
            wait_for(f"{base}/healthz")
        yield {
            "a": bases[0],
            "b": bases[1],
            "nginx": proxy,
            "env": env,
            "manage": manage,
            "start": start,
            "tmp": tmp,
            # The Redis process, and how to start it again after stopping it.
            "redis": redis,
            "redis_port": redis_port,
            "redis_command": redis_command,
        }
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


def write_nginx_config(tmp, app_ports, nginx_port, upstream_header=True):
    """Run deploy/nginx.conf as it is, with this test's ports and folders."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    if upstream_header:
        site = site.replace("# add_header X-Upstream", "add_header X-Upstream")
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

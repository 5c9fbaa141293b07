"""Header sign-in behind the shipped nginx: a client's own X-Remote-User gets it nothing.

Two gunicorn servers behind deploy/nginx.conf (tests/deployment.py), with header sign-in on and
nginx's address trusted, as a site with an authenticating proxy would set it. The app servers'
own ports stand for that proxy: a header arriving there is one the proxy set.
"""

import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.deployment import MARKS, PASSWORD, ROOT, SETUP_SCRIPT, NoRedirect, cluster_started

pytestmark = MARKS

SETUP = (
    SETUP_SCRIPT
    + f"""
User.objects.create_superuser("admin", password="{PASSWORD}")
"""
)


@pytest.fixture(scope="module")
def header_cluster(tmp_path_factory):
    extra_env = {
        "CEOBLOG_REMOTE_USER_HEADER": "X-Remote-User",
        "CEOBLOG_TRUSTED_PROXIES": "127.0.0.1/32",
    }
    with cluster_started(
        tmp_path_factory.mktemp("header-signin"), extra_env=extra_env, setup_script=SETUP
    ) as started:
        yield started


def get(url, remote_user):
    """GET url with X-Remote-User, following no redirect; return the status, headers and page."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"X-Remote-User": remote_user})
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, dict(response.headers), response.read().decode()


def usernames(header_cluster):
    """The usernames in the deployment's database, read by its own manage.py."""
    script = (
        "from django.contrib.auth.models import User; "
        "print('USERS', *User.objects.values_list('username', flat=True))"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=header_cluster["env"],
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("USERS"))
    return set(line.split()[1:])


@pytest.mark.parametrize("name", ["admin", "robin", "eddie"])
@pytest.mark.parametrize("path", ["/", "/admin/"])
def test_a_client_naming_anyone_through_nginx_gets_nothing(header_cluster, name, path):
    status, headers, page = get(f"{header_cluster['nginx']}{path}", name)

    assert status == 302
    assert "/login/" in headers["Location"]
    assert "Signed in as" not in page


def test_an_unknown_name_through_nginx_or_the_proxy_makes_no_account(header_cluster):
    for base in (header_cluster["nginx"], header_cluster["a"]):
        status, headers, _ = get(f"{base}/", "newcomer")
        assert (status, headers["Location"]) == (302, "/login/?next=/")
    assert "newcomer" not in usernames(header_cluster)
    assert usernames(header_cluster) == {"robin", "eddie", "lee", "admin"}


@pytest.mark.parametrize("name", ["admin", "eddie"])
def test_even_the_trusted_proxy_cannot_sign_in_the_admin_or_staff_by_header(header_cluster, name):
    for path in ("/", "/admin/"):
        status, headers, _ = get(f"{header_cluster['a']}{path}", name)
        assert status == 302
        assert "/login/" in headers["Location"]


def test_the_trusted_proxy_signs_a_reader_in_by_header(header_cluster):
    status, _, page = get(f"{header_cluster['b']}/", "robin")

    assert status == 200
    assert "Signed in as Robin Reader" in page

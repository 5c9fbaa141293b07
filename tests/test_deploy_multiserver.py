"""Two gunicorn servers behind nginx share the database, the Redis cache and the sessions.

Starts real processes on free loopback ports (tests/deployment.py): Redis, two gunicorn servers
and nginx with deploy/nginx.conf. Skipped where nginx, redis-server or gunicorn are not installed.
"""

import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.deployment import CSRF_INPUT, MARKS, ROOT, Browser, cluster_started

pytestmark = MARKS


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    # These tests are about sharing, not approval: the editor's change goes out when saved.
    extra_env = {"CEOBLOG_APPROVAL_REQUIRED": "false"}
    with cluster_started(tmp_path_factory.mktemp("cluster"), extra_env=extra_env) as started:
        yield started


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
    # Readers may open a photo once a published post shows it (posts.media_access).
    cluster["manage"](
        "shell",
        "-c",
        "from datetime import timedelta; from django.utils import timezone; "
        "from django.contrib.auth.models import User; from photos.models import Photo; "
        "from posts.models import Post; "
        "Photo.objects.bulk_create([Photo(title='Visit', alt_text='Visit', "
        "image='photos/visit.jpg', width=1, height=1)]); "
        "Post.objects.create(title='A visit', slug='a-visit', status='published', "
        "author=User.objects.get(username='eddie'), "
        'body=\'<img src="/media/photos/visit.jpg" alt="Visit">\', '
        "published_at=timezone.now() - timedelta(days=2))",
    )
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


def manage_output(cluster, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=cluster["env"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_reads_through_both_servers_count_into_the_same_totals(cluster):
    robin, eddie = Browser(), Browser()
    robin.sign_in(cluster["a"], "robin")
    eddie.sign_in(cluster["b"], "eddie")
    post_path = re.search(r'href="(/[0-9/]+shared-post/)"', robin.get(f"{cluster['a']}/")[2])[1]

    for base in (cluster["a"], cluster["b"], cluster["a"]):
        assert robin.get(f"{base}{post_path}")[0] == 200
    assert eddie.get(f"{cluster['b']}{post_path}?from=alert")[0] == 200
    assert eddie.get(f"{cluster['a']}{post_path}")[0] == 200
    # The fold runs on both servers at once, as a timer on each would.
    folds = [
        subprocess.Popen(
            [sys.executable, "manage.py", "readership_fold"], cwd=ROOT, env=cluster["env"]
        )
        for _ in range(2)
    ]
    assert [fold.wait(60) for fold in folds] == [0, 0]

    totals = manage_output(
        cluster,
        "shell",
        "-c",
        "from readership.models import DailyReads, Read;"
        "totals = DailyReads.objects.values_list('readers', 'from_alert');"
        "print('totals', list(totals), Read.objects.count())",
    )
    assert totals.splitlines()[-1] == "totals [(2, 1)] 2"

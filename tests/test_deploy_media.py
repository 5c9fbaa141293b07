"""deploy/nginx.conf as shipped: media keeps the app's security headers, and the proxy is tight.

Starts Redis, two gunicorn servers and nginx on a random port (tests/deployment.py), with header
sign-in switched on and nginx trusted, as a site using an authenticating proxy would run.
"""

import json
import re
import urllib.request

import pytest

from tests.deployment import MARKS, PASSWORD, ROOT, Browser, cluster_started

pytestmark = MARKS

SETUP_SCRIPT = """
import io, json
from datetime import timedelta
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from photos.images import photo_image_clean, photo_renditions
from photos.models import Photo
from posts.models import Post

def photo(title):
    output = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 160)).save(output, format="JPEG")
    clean = photo_image_clean(SimpleUploadedFile(title + ".jpg", output.getvalue()))
    made = Photo(title=title, alt_text=title)
    made.image.save(clean.name, clean, save=False)
    made.save()
    return made

User.objects.create_user("robin", password=PASSWORD, first_name="Robin", last_name="Reader")
eddie = User.objects.create_user(
    "eddie", password=PASSWORD, first_name="Eddie", last_name="Editor", is_staff=True
)
apps = ["posts", "photos"]
eddie.user_permissions.set(Permission.objects.filter(content_type__app_label__in=apps))
shown, hidden = photo("Gritters in the depot"), photo("Plans for the new hub")
# Issue 15: a Word document linked from the published post, a PDF from the draft.
from tests.documentfiles import docx_bytes, make_document, pdf_bytes
minutes = make_document("Minutes", name="minutes.docx", content=docx_bytes())
plans = make_document("Plans", name="plans.pdf", content=pdf_bytes())
def linked(document):
    return f'<p class="attachment"><a href="{document.file.url}">{document.label}</a></p>'
Post.objects.create(title="Winter ready", slug="winter-ready", author=eddie, status="published",
    body="<p>The gritters are out.</p>" + linked(minutes), featured_photo=shown,
    published_at=timezone.now() - timedelta(days=1))
Post.objects.create(title="Not yet", slug="not-yet", author=eddie, status="draft",
    body="<p>Coming soon.</p>" + linked(plans), featured_photo=hidden)
with open(PATHS, "w") as out:
    json.dump({"shown": shown.image.name, "shown_rendition": photo_renditions(shown)[0].name,
               "hidden": hidden.image.name, "document": minutes.file.name,
               "hidden_document": plans.file.name}, out)
"""


@pytest.fixture(scope="module")
def media_cluster(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("media")
    paths = tmp / "paths.json"
    script = f"PASSWORD = {PASSWORD!r}\nPATHS = {str(paths)!r}\n{SETUP_SCRIPT}"
    env = {"CEOBLOG_REMOTE_USER_HEADER": "X-Remote-User", "CEOBLOG_TRUSTED_PROXIES": "127.0.0.1"}
    with cluster_started(tmp, extra_env=env, setup_script=script, upstream_header=False) as started:
        started["paths"] = json.loads(paths.read_text())
        yield started


@pytest.fixture(scope="module")
def media_reader(media_cluster):
    # Signed in at an app server directly (the cookie holds for nginx's port too), so that the
    # media tests do not depend on the origin check through nginx, tested on its own below.
    browser = Browser()
    browser.sign_in(media_cluster["a"], "robin")
    return browser


@pytest.mark.parametrize("which", ["shown", "shown_rendition"])
def test_a_photo_through_nginx_keeps_the_apps_security_headers(media_cluster, media_reader, which):
    status, headers, _ = media_reader.get(
        f"{media_cluster['nginx']}/media/{media_cluster['paths'][which]}"
    )

    assert status == 200
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "private, max-age=3600"
    # nginx's old `expires 7d` let shared caches keep staff-only photos for a week.
    assert "Expires" not in headers
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Content-Type"] == "image/jpeg", headers
    # Each once: nginx's own copy of a header and the app's must not both be sent.
    with media_reader.opener.open(
        f"{media_cluster['nginx']}/media/{media_cluster['paths'][which]}"
    ) as response:
        sent = response.headers
    for name in ("Cache-Control", "Content-Security-Policy", "X-Content-Type-Options"):
        assert len(sent.get_all(name)) == 1, (name, sent.get_all(name))


def test_a_draft_posts_photo_through_nginx_is_not_found_for_a_reader(media_cluster, media_reader):
    status, headers, _ = media_reader.get(
        f"{media_cluster['nginx']}/media/{media_cluster['paths']['hidden']}"
    )
    assert status == 404
    editor = Browser()
    editor.sign_in(media_cluster["a"], "eddie")
    status, headers, _ = editor.get(
        f"{media_cluster['nginx']}/media/{media_cluster['paths']['hidden']}"
    )
    assert status == 200
    assert headers["Cache-Control"] == "private, max-age=3600"


def test_a_document_through_nginx_is_a_download_of_its_type_and_a_drafts_is_not_found(
    media_cluster, media_reader
):
    status, headers, body = media_reader.get(
        f"{media_cluster['nginx']}/media/{media_cluster['paths']['document']}"
    )
    assert status == 200
    assert headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert headers["Content-Disposition"].startswith("attachment;")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "private, max-age=3600"
    assert body.startswith("PK")
    hidden = f"{media_cluster['nginx']}/media/{media_cluster['paths']['hidden_document']}"
    assert media_reader.get(hidden)[0] == 404


def test_signing_in_through_nginx_on_its_own_port_passes_the_origin_check(media_cluster):
    # Browser.post sends Origin: http://127.0.0.1:<nginx's random port>, as browsers do; nginx
    # used to pass Host without the port, and Django refused every such POST (403).
    browser = Browser()
    status, _, page = browser.get(f"{media_cluster['nginx']}/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    status, headers, _ = browser.post(
        f"{media_cluster['nginx']}/login/",
        {"username": "robin", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert status == 302, headers
    assert "Signed in as Robin Reader" in browser.get(f"{media_cluster['nginx']}/")[2]


def test_a_client_cannot_sign_in_by_sending_x_remote_user(media_cluster):
    request = urllib.request.Request(
        f"{media_cluster['nginx']}/admin/", headers={"X-Remote-User": "eddie"}
    )
    status, headers, page = Browser()._open(request)

    assert status == 302
    assert headers["Location"].startswith("/admin/login/")
    assert "Eddie" not in page


def test_nginx_names_neither_its_version_nor_the_app_server(media_cluster):
    for path in ("/healthz", "/no-such-page/", "/static/no-such-file.css"):
        status, headers, _ = Browser().get(f"{media_cluster['nginx']}{path}")
        assert headers["Server"] == "nginx", path
        assert "X-Upstream" not in headers, path
        assert "127.0.0.1:" not in json.dumps(headers), path


def test_static_files_through_nginx_say_once_how_long_to_keep_them(media_cluster):
    with Browser().opener.open(f"{media_cluster['nginx']}/static/photos/admin.css") as response:
        assert response.status == 200
        assert response.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]


def test_nginx_accepts_the_largest_photo_the_app_accepts():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    settings_file = (ROOT / "ceoblog" / "settings.py").read_text()
    nginx_mb = int(re.search(r"^\s*client_max_body_size (\d+)m;", nginx, re.M).group(1))
    app_mb = int(re.search(r'env_int\("CEOBLOG_PHOTO_MAX_MB", (\d+)\)', settings_file).group(1))
    # Above the app's limit, so the app refuses a larger photo in words, with room for the
    # form's other fields; not so far above that nginx's limit means nothing.
    assert app_mb < nginx_mb <= app_mb + 10
    # Documents (issue 15) likewise.
    pattern = r'env_int\("CEOBLOG_DOCUMENT_MAX_MB", (\d+)\)'
    document_mb = int(re.search(pattern, settings_file).group(1))
    assert document_mb < nginx_mb <= document_mb + 10

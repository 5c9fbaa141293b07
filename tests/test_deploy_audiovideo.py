"""deploy/nginx.conf with videos: nginx sends them through its internal location with byte
ranges (206), a draft's video stays hidden, and uploads up to the app's limit get through."""

import json
import re
import urllib.request

import pytest

from tests.avmedia import HAS_FFMPEG, media_bytes
from tests.deployment import MARKS, PASSWORD, ROOT, Browser, cluster_started

pytestmark = [
    *MARKS,
    pytest.mark.skipif(not HAS_FFMPEG, reason="ffmpeg is not installed (apt-get install ffmpeg)"),
]

SETUP_SCRIPT = """
import json
from datetime import timedelta
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from audiovideo.forms import RecordingForm
from audiovideo.players import player_html
from posts.models import Post

CAPTIONS = b"WEBVTT\\n\\n00:00.000 --> 00:01.000\\nHello.\\n"

def recording(title):
    form = RecordingForm({"title": title, "transcript": "Hello."},
        {"file": SimpleUploadedFile("v.mp4", open(VIDEO, "rb").read()),
         "captions": SimpleUploadedFile("c.vtt", CAPTIONS)})
    assert form.is_valid(), form.errors
    return form.save()

User.objects.create_user("robin", password=PASSWORD)
eddie = User.objects.create_user("eddie", password=PASSWORD, is_staff=True)
shown, hidden = recording("Budget"), recording("Not yet")
Post.objects.create(title="Budget", slug="budget", author=eddie, status="published",
    body=player_html(shown), published_at=timezone.now() - timedelta(days=1))
Post.objects.create(title="Not yet", slug="not-yet", author=eddie, status="draft",
    body=player_html(hidden))
with open(PATHS, "w") as out:
    json.dump({"shown": shown.file.name, "hidden": hidden.file.name, "size": shown.size}, out)
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("audiovideo")
    paths = tmp / "paths.json"
    video = tmp / "video.mp4"
    video.write_bytes(media_bytes("mp4"))
    script = (
        f"PASSWORD = {PASSWORD!r}\nPATHS = {str(paths)!r}\nVIDEO = {str(video)!r}\n{SETUP_SCRIPT}"
    )
    with cluster_started(tmp, setup_script=script, upstream_header=False) as started:
        started["paths"] = json.loads(paths.read_text())
        yield started


def ranged(browser, url, first, last):
    request = urllib.request.Request(url, headers={"Range": f"bytes={first}-{last}"})
    try:
        response = browser.opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read()


def test_nginx_sends_part_of_a_video_for_a_range_request(cluster):
    reader = Browser()
    reader.sign_in(cluster["a"], "robin")
    url = f"{cluster['nginx']}/media/{cluster['paths']['shown']}"
    size = cluster["paths"]["size"]
    status, headers, body = ranged(reader, url, 100, 199)
    assert status == 206
    assert headers["Content-Range"] == f"bytes 100-199/{size}"
    assert len(body) == 100
    assert headers["Content-Type"] == "video/mp4"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "private, max-age=3600"
    # The app only said which file (X-Accel-Redirect): nginx cut the part out of it.
    status, headers, _ = ranged(reader, f"{cluster['a']}/media/{cluster['paths']['shown']}", 0, 9)
    assert headers["X-Accel-Redirect"].startswith("/protected-media/audiovideo/")


def test_a_draft_s_video_is_not_found_through_nginx(cluster):
    reader = Browser()
    reader.sign_in(cluster["a"], "robin")
    status, _, _ = reader.get(f"{cluster['nginx']}/media/{cluster['paths']['hidden']}")
    assert status == 404


def test_nginx_takes_uploads_up_to_the_app_s_video_limit():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    settings_file = (ROOT / "ceoblog" / "settings.py").read_text()
    block = re.search(r"location /admin/audiovideo/recording/ \{(.*?)\}", nginx, re.S).group(1)
    nginx_mb = int(re.search(r"client_max_body_size (\d+)m;", block).group(1))
    app_mb = int(re.search(r'env_int\("CEOBLOG_MEDIA_MAX_MB", (\d+)\)', settings_file).group(1))
    assert app_mb < nginx_mb <= app_mb + 20

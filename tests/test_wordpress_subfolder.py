"""A blog that lived in a sub-folder (https://intranet/ceo-blog/) keeps its old links.

ceoblog may run at the host's root (old links carry the prefix, new ones do not) or under the
same prefix with FORCE_SCRIPT_NAME (the web server passes the part after it to ceoblog).
"""

import io

import pytest
from django.core.management import call_command
from django.urls import set_script_prefix
from PIL import Image as PILImage

from photos.models import Photo
from posts.models import Post
from tests.helpers import wxr_document, wxr_item
from tests.test_settings import run_django

pytestmark = pytest.mark.django_db

OLD = "https://intranet.example/ceo-blog"
ATTACHMENT = f"""<item><title>Bridge</title><link>{OLD}/?attachment_id=50</link>
<dc:creator>chief</dc:creator><content:encoded><![CDATA[]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>50</wp:post_id><wp:post_date>2013-05-16 09:00:00</wp:post_date>
<wp:post_date_gmt>2013-05-16 08:00:00</wp:post_date_gmt><wp:status>inherit</wp:status>
<wp:post_parent>1</wp:post_parent><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>{OLD}/wp-content/uploads/2013/05/bridge.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>
<wp:meta_value>2013/05/bridge.jpg</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
<wp:meta_value>A bridge</wp:meta_value></wp:postmeta>
</item>"""


@pytest.fixture
def script_prefix():
    """Put the script prefix back after a test that served under FORCE_SCRIPT_NAME."""
    yield
    set_script_prefix("/")


@pytest.fixture
def imported(tmp_path):
    """Import two posts and a photo from a blog at https://intranet.example/ceo-blog/."""
    uploads = tmp_path / "uploads" / "2013" / "05"
    uploads.mkdir(parents=True)
    PILImage.new("RGB", (40, 30), "navy").save(uploads / "bridge.jpg")
    items = [
        ATTACHMENT,
        wxr_item(1, post_name="back-to-business", link=f"{OLD}/2013/05/16/back-to-business/"),
        wxr_item(2, post_name="budget-day", link=f"{OLD}/archives/2"),
    ]
    document = wxr_document(*items).replace("https://old.example", OLD)
    path = tmp_path / "export.xml"
    path.write_text(document, encoding="utf-8")
    call_command(
        "import_wordpress",
        str(path),
        "--media-dir",
        str(tmp_path / "uploads"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return Post.objects.get(slug="budget-day")


def assert_moved(response, url):
    assert response.status_code == 301
    assert response["Location"] == url


def test_old_addresses_with_the_prefix_redirect_when_ceoblog_is_at_the_root(
    reader_client, imported
):
    new = imported.get_absolute_url()
    assert_moved(reader_client.get("/ceo-blog/?p=2"), new)
    assert_moved(reader_client.get("/ceo-blog/index.php?p=2"), new)
    assert_moved(reader_client.get("/ceo-blog/archives/2"), new)
    assert_moved(
        reader_client.get("/ceo-blog/2013/05/16/back-to-business/"),
        Post.objects.get(slug="back-to-business").get_absolute_url(),
    )
    assert_moved(
        reader_client.get("/ceo-blog/wp-content/uploads/2013/05/bridge-300x200.jpg"),
        Photo.objects.get().image.url,
    )
    assert_moved(reader_client.get("/ceo-blog/?m=201305"), "/2013/05/")
    assert_moved(reader_client.get("/ceo-blog/feed/"), "/feed/")
    assert_moved(reader_client.get("/ceo-blog/2013/05/"), "/2013/05/")
    assert_moved(reader_client.get("/ceo-blog/"), "/")
    assert_moved(reader_client.get("/ceo-blog"), "/")
    assert reader_client.get("/ceo-blog/?p=999").status_code == 404
    assert reader_client.get("/other-blog/?p=2").status_code == 404


def test_old_addresses_redirect_when_ceoblog_runs_under_the_same_prefix(
    reader_client, imported, settings, script_prefix
):
    # As ceoblog/settings.py sets them from DJANGO_FORCE_SCRIPT_NAME=/ceo-blog.
    settings.FORCE_SCRIPT_NAME = "/ceo-blog"
    settings.MEDIA_URL, settings.STATIC_URL = "/ceo-blog/media/", "/ceo-blog/static/"
    # Django's WSGI handler sets this from FORCE_SCRIPT_NAME on each request; the test client not.
    set_script_prefix("/ceo-blog/")
    # The web server passes what follows /ceo-blog to ceoblog: /ceo-blog/?p=2 arrives as /?p=2.
    response = reader_client.get("/?p=2")
    assert_moved(response, "/ceo-blog/2013/05/16/budget-day/")
    assert_moved(reader_client.get("/archives/2"), "/ceo-blog/2013/05/16/budget-day/")
    assert_moved(reader_client.get("/index.php?p=2"), "/ceo-blog/2013/05/16/budget-day/")
    photo_response = reader_client.get("/wp-content/uploads/2013/05/bridge.jpg")
    assert photo_response.status_code == 301
    assert photo_response["Location"].startswith("/ceo-blog/media/photos/")
    page = reader_client.get("/2013/05/16/back-to-business/")
    assert page.status_code == 200
    assert 'href="/ceo-blog/2013/05/16/back-to-business/"' in page.text


def test_anonymous_visitors_sign_in_before_following_an_old_prefixed_link(client, imported):
    response = client.get("/ceo-blog/?p=2")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("/ceo-blog/", "/ceo-blog /ceo-blog/media/ /ceo-blog/static/"), ("", "None /media/ /static/")],
)
def test_the_folder_the_site_is_served_under_comes_from_the_environment(value, expected):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.FORCE_SCRIPT_NAME, settings.MEDIA_URL, settings.STATIC_URL)"
    )
    result = run_django({"DJANGO_SECRET_KEY": "k", "DJANGO_FORCE_SCRIPT_NAME": value}, code)
    assert result.stdout.strip() == expected, result.stderr

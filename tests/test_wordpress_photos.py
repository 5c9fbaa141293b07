import io

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from photos.models import Photo
from posts.models import Post
from tests.helpers import wxr_document, wxr_item

pytestmark = pytest.mark.django_db

ATTACHMENT = """<item><title>Bridge</title><link>https://old.example/bridge/</link>
<dc:creator>chief</dc:creator><content:encoded><![CDATA[]]></content:encoded>
<excerpt:encoded><![CDATA[The new bridge]]></excerpt:encoded>
<wp:post_id>50</wp:post_id><wp:post_date>2013-05-16 09:00:00</wp:post_date>
<wp:post_date_gmt>2013-05-16 08:00:00</wp:post_date_gmt><wp:status>inherit</wp:status>
<wp:post_parent>1</wp:post_parent><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://old.example/wp-content/uploads/2013/05/bridge.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>
<wp:meta_value>2013/05/bridge.jpg</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
<wp:meta_value>A bridge</wp:meta_value></wp:postmeta>
</item>"""


def import_with_media(export, uploads):
    out = io.StringIO()
    call_command(
        "import_wordpress",
        str(export),
        "--media-dir",
        str(uploads),
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def test_attachments_become_photos_used_by_posts_and_old_image_addresses(tmp_path, reader_client):
    uploads = tmp_path / "uploads" / "2013" / "05"
    uploads.mkdir(parents=True)
    PILImage.new("RGB", (40, 30), "navy").save(uploads / "bridge.jpg")
    body = (
        '[caption id="attachment_50"]<img src="https://old.example/wp-content/uploads/2013/05/'
        'bridge-300x200.jpg" alt="A bridge"> Opening[/caption]'
    )
    thumb = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>50</wp:meta_value></wp:postmeta>"
    )
    export = tmp_path / "export.xml"
    export.write_text(
        wxr_document(ATTACHMENT, wxr_item(1, content=body, extra=thumb)), encoding="utf-8"
    )
    assert "Media: 1 new" in import_with_media(export, tmp_path / "uploads")
    photo = Photo.objects.get()
    assert (photo.title, photo.alt_text, photo.caption) == ("Bridge", "A bridge", "The new bridge")
    post = Post.objects.get()
    assert post.featured_photo == photo
    assert photo.image.url in post.body
    response = reader_client.get("/wp-content/uploads/2013/05/bridge-300x200.jpg")
    assert response.status_code == 301
    assert response["Location"] == photo.image.url
    assert "Media: 1 unchanged" in import_with_media(export, tmp_path / "uploads")
    assert Photo.objects.count() == 1

"""Files imported with --media-dir get the library's own checks, and hostile ones are refused."""

import io
import os
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from PIL import Image as PILImage

from audiovideo.models import Recording
from documents.models import Document
from photos.models import Photo
from posts.models import Post
from tests.avmedia import media_bytes, needs_ffmpeg
from tests.documentfiles import elf_program, pdf_bytes, pdf_with_javascript
from tests.helpers import wxr_document, wxr_item

pytestmark = pytest.mark.django_db

SECRET = b"GPS 51.507N 0.128W the photographer's garden"


def attachment(wp_id, attached_file, *, parent=1, alt="A picture", title=None):
    """Return an export's attachment <item> for a file under wp-content/uploads."""
    return f"""<item><title>{title or f"Picture {wp_id}"}</title>
<link>https://old.example/?attachment_id={wp_id}</link>
<dc:creator>chief</dc:creator><content:encoded><![CDATA[]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date>2013-05-16 09:00:00</wp:post_date>
<wp:post_date_gmt>2013-05-16 08:00:00</wp:post_date_gmt><wp:status>inherit</wp:status>
<wp:post_parent>{parent}</wp:post_parent><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://old.example/wp-content/uploads/{attached_file}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>
<wp:meta_value><![CDATA[{attached_file}]]></wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
<wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta>
</item>"""


def write_export(tmp_path, *items, channel_extra="", **document):
    path = tmp_path / "export.xml"
    path.write_text(wxr_document(*items, channel_extra=channel_extra, **document), encoding="utf-8")
    return path


def run_import(export, uploads, *options):
    """Run the import; return its report and what it wrote on standard error."""
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_wordpress",
        str(export),
        "--media-dir",
        str(uploads),
        *options,
        stdout=out,
        stderr=err,
    )
    assert "Traceback" not in err.getvalue()
    return out.getvalue()


def media_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def save_image(path, size=(60, 40), image_format="JPEG", **options):
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, "teal").save(path, format=image_format, **options)


def jpeg_with_gps_and_comment(path):
    """Save a JPEG whose EXIF holds a GPS position and which has a comment segment."""
    exif = PILImage.Exif()
    exif[0x010F] = "Camera maker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 30.0, 25.0), "W", (0.0, 7.0, 40.0)
    buffer = io.BytesIO()
    PILImage.new("RGB", (80, 60), "olive").save(buffer, format="JPEG", exif=exif.tobytes())
    content = buffer.getvalue()
    comment = b"\xff\xfe" + struct.pack(">H", len(SECRET) + 2) + SECRET
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content[:2] + comment + content[2:])


def test_gps_exif_and_jpeg_comment_are_removed_from_imported_photos(tmp_path):
    uploads = tmp_path / "uploads"
    jpeg_with_gps_and_comment(uploads / "2013" / "05" / "garden.jpg")
    with PILImage.open(uploads / "2013" / "05" / "garden.jpg") as original:
        assert original.getexif().get_ifd(0x8825)
    export = write_export(tmp_path, attachment(50, "2013/05/garden.jpg"), wxr_item(1))
    assert "Media: 1 new" in run_import(export, uploads)
    photo = Photo.objects.get()
    stored = photo.image.read()
    assert SECRET not in stored
    assert b"Camera maker" not in stored
    photo.image.seek(0)
    with PILImage.open(photo.image) as image:
        assert not image.getexif()
        assert "comment" not in image.info


def test_a_file_outside_the_media_folder_is_never_copied(tmp_path):
    outside = tmp_path / "outside"
    save_image(outside / "secret.png", image_format="PNG")
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    export = write_export(
        tmp_path, attachment(50, "../outside/secret.png"), wxr_item(1, title="Still here")
    )
    report = run_import(export, uploads)
    assert Photo.objects.count() == 0
    assert "attachment 50 (../outside/secret.png)" in report
    assert "outside the media folder" in report
    assert Post.objects.get().title == "Still here"


def test_a_link_out_of_the_media_folder_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    save_image(outside / "secret.jpg")
    uploads = tmp_path / "uploads" / "2013" / "05"
    uploads.mkdir(parents=True)
    os.symlink(outside / "secret.jpg", uploads / "innocent.jpg")
    os.symlink(outside, tmp_path / "uploads" / "2014")
    save_image(outside / "other.jpg")
    export = write_export(
        tmp_path,
        attachment(50, "2013/05/innocent.jpg"),
        attachment(51, "2014/other.jpg"),
        wxr_item(1),
    )
    report = run_import(export, tmp_path / "uploads")
    assert Photo.objects.count() == 0
    assert "2 × files outside the media folder" in report


def test_a_file_that_is_not_an_image_is_reported_and_skipped(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2013" / "05").mkdir(parents=True)
    (uploads / "2013" / "05" / "minutes.jpg").write_text("Not a picture at all.\n")
    save_image(uploads / "2013" / "05" / "real.jpg")
    export = write_export(
        tmp_path,
        attachment(50, "2013/05/minutes.jpg"),
        attachment(51, "2013/05/real.jpg"),
        wxr_item(1),
    )
    report = run_import(export, uploads)
    assert Photo.objects.count() == 1
    assert "attachment 50 (2013/05/minutes.jpg)" in report
    assert "not a photo we can read" in report
    assert Post.objects.count() == 1


def test_a_decompression_bomb_is_reported_and_skipped(tmp_path):
    uploads = tmp_path / "uploads"
    bomb = uploads / "2013" / "05" / "huge.png"
    bomb.parent.mkdir(parents=True)
    # 12,000 × 11,000 one-bit pixels: 132 megapixels in a few kilobytes.
    PILImage.new("1", (12_000, 11_000)).save(bomb, format="PNG")
    export = write_export(tmp_path, attachment(50, "2013/05/huge.png"), wxr_item(1))
    report = run_import(export, uploads)
    assert Photo.objects.count() == 0
    assert "attachment 50 (2013/05/huge.png)" in report
    assert "decompression bomb" in report
    assert Post.objects.count() == 1


def test_too_long_alt_text_is_shortened_not_a_crash(tmp_path):
    uploads = tmp_path / "uploads"
    save_image(uploads / "2013" / "05" / "long.jpg")
    export = write_export(
        tmp_path, attachment(50, "2013/05/long.jpg", alt="words " * 80), wxr_item(1)
    )
    assert "Media: 1 new" in run_import(export, uploads)
    assert len(Photo.objects.get().alt_text) <= 300


def test_a_dry_run_leaves_no_file_in_the_media_folder(tmp_path, media_root):
    uploads = tmp_path / "uploads"
    save_image(uploads / "2013" / "05" / "bridge.jpg")
    export = write_export(tmp_path, attachment(50, "2013/05/bridge.jpg"), wxr_item(1))
    assert "Media: 1 new" in run_import(export, uploads, "--dry-run")
    assert Photo.objects.count() == 0
    assert media_files(media_root) == []


def test_a_failed_import_leaves_no_file_in_the_media_folder(tmp_path, media_root, monkeypatch):
    from django.db import DatabaseError

    def fail():
        raise DatabaseError("the database went away")

    monkeypatch.setattr("wordpress.importer.recount_all", fail)
    uploads = tmp_path / "uploads"
    save_image(uploads / "2013" / "05" / "bridge.jpg")
    export = write_export(tmp_path, attachment(50, "2013/05/bridge.jpg"), wxr_item(1))
    with pytest.raises(CommandError, match="nothing was imported"):
        run_import(export, uploads)
    assert Photo.objects.count() == 0
    assert media_files(media_root) == []


def test_a_very_large_photo_is_made_smaller_as_in_the_admin(tmp_path, settings):
    uploads = tmp_path / "uploads"
    # 10,400 × 7,800: 81 megapixels, which a full-frame camera makes.
    save_image(uploads / "2013" / "05" / "camera.jpg", size=(10_400, 7_800))
    export = write_export(tmp_path, attachment(50, "2013/05/camera.jpg"), wxr_item(1))
    assert "Media: 1 new" in run_import(export, uploads)
    photo = Photo.objects.get()
    assert max(photo.width, photo.height) == settings.CEOBLOG_PHOTO_LONG_SIDE


# --- Documents, recordings and embedded media (items 2 and 4 of the list) -------------

OLD_UPLOADS = "https://old.example/wp-content/uploads"


def test_a_pdf_goes_to_the_document_library_and_its_old_address_redirects(tmp_path, reader_client):
    uploads = tmp_path / "uploads" / "2013" / "05"
    uploads.mkdir(parents=True)
    (uploads / "budget.pdf").write_bytes(pdf_bytes(2))
    body = f'<p>Read <a href="{OLD_UPLOADS}/2013/05/budget.pdf">the budget</a>.</p>'
    export = write_export(
        tmp_path,
        attachment(60, "2013/05/budget.pdf", title="Budget 2013"),
        wxr_item(1, content=body),
    )
    report = run_import(export, tmp_path / "uploads")
    assert "Media: 1 new" in report
    document = Document.objects.get()
    assert (document.title, document.kind, document.pages) == ("Budget 2013", "pdf", 2)
    post = Post.objects.get()
    assert f'href="{document.file.url}"' in post.body
    assert list(document.posts.all()) == [post]
    response = reader_client.get("/wp-content/uploads/2013/05/budget.pdf")
    assert response.status_code == 301
    assert response["Location"] == document.file.url
    assert reader_client.get(document.file.url).status_code == 200
    assert "Media: 1 unchanged" in run_import(export, tmp_path / "uploads")
    assert Document.objects.count() == 1


def test_a_document_the_library_refuses_is_reported_and_its_link_kept(tmp_path):
    uploads = tmp_path / "uploads" / "2013" / "05"
    uploads.mkdir(parents=True)
    (uploads / "form.pdf").write_bytes(pdf_with_javascript())
    (uploads / "tool.docx").write_bytes(elf_program())
    (uploads / "archive.zip").write_bytes(b"PK\x03\x04 not really")
    body = f'<p><a href="{OLD_UPLOADS}/2013/05/form.pdf">The form</a></p>'
    export = write_export(
        tmp_path,
        attachment(60, "2013/05/form.pdf"),
        attachment(61, "2013/05/tool.docx"),
        attachment(62, "2013/05/archive.zip"),
        wxr_item(1, content=body),
    )
    report = run_import(export, tmp_path / "uploads")
    assert Document.objects.count() == 0
    assert "attachment 60 (2013/05/form.pdf)" in report
    assert "JavaScript" in report
    assert "attachment 61 (2013/05/tool.docx)" in report
    assert "is a program" in report
    assert "attachment 62 (2013/05/archive.zip)" in report
    assert f"{OLD_UPLOADS}/2013/05/form.pdf" in Post.objects.get().body


@needs_ffmpeg
def test_a_recording_goes_to_the_library_and_plays_in_the_post(tmp_path, reader_client):
    uploads = tmp_path / "uploads" / "2013" / "05"
    uploads.mkdir(parents=True)
    (uploads / "message.mp3").write_bytes(media_bytes("mp3"))
    (uploads / "notes.mp3").write_text("Not a recording.")
    body = (
        f'[audio mp3="{OLD_UPLOADS}/2013/05/message.mp3"][/audio]\n\n'
        f'<figure class="wp-block-audio"><audio controls src="{OLD_UPLOADS}/2013/05/message.mp3">'
        "</audio></figure>"
    )
    export = write_export(
        tmp_path,
        attachment(70, "2013/05/message.mp3", title="Staff message"),
        attachment(71, "2013/05/notes.mp3"),
        wxr_item(1, content=body),
    )
    report = run_import(export, tmp_path / "uploads")
    recording = Recording.objects.get()
    assert (recording.title, recording.kind) == ("Staff message", "audio")
    assert "attachment 71 (2013/05/notes.mp3)" in report
    assert "not a video or a recording" in report
    assert "Attachment 70 (2013/05/message.mp3) has no transcript" in report
    post = Post.objects.get()
    assert post.body.count(f'<audio controls="" preload="metadata" src="{recording.file.url}"') == 2
    assert "<p></p>" not in post.body
    response = reader_client.get("/wp-content/uploads/2013/05/message.mp3")
    assert response.status_code == 301
    assert response["Location"] == recording.file.url
    assert reader_client.get(recording.file.url).status_code == 200


def test_embedded_players_from_allowed_hosts_are_kept_and_others_reported(tmp_path, settings):
    settings.CEOBLOG_EMBED_HOSTS = ["www.youtube-nocookie.com", "player.vimeo.com"]
    body = (
        '<p>Watch:</p><iframe width="560" height="315" '
        'src="https://www.youtube-nocookie.com/embed/abc123" frameborder="0"></iframe>\n\n'
        '<iframe src="https://www.youtube.com/embed/def456?feature=oembed"></iframe>\n\n'
        '<iframe src="https://tracker.example/widget"></iframe>\n\n'
        '<video controls src="https://cdn.example/2013/05/opening.mov"></video>\n\n'
        '<audio controls><source src="https://cdn.example/podcast.ogg"></audio>\n\n'
        '<object data="https://old.example/movie.swf"><embed src="https://old.example/movie.swf">'
        "</object>"
    )
    export = write_export(tmp_path, wxr_item(1, content=body))
    out = io.StringIO()
    call_command("import_wordpress", str(export), stdout=out, stderr=io.StringIO())
    report = out.getvalue()
    post = Post.objects.get()
    assert 'src="https://www.youtube-nocookie.com/embed/abc123"' in post.body
    assert 'src="https://www.youtube-nocookie.com/embed/def456?feature=oembed"' in post.body
    assert "Post 1: <iframe> from tracker.example" in report
    assert 'href="https://tracker.example/widget"' in post.body
    assert "Post 1: <video> of https://cdn.example/2013/05/opening.mov" in report
    assert 'href="https://cdn.example/2013/05/opening.mov"' in post.body
    assert "Post 1: <audio> of https://cdn.example/podcast.ogg" in report
    assert "Post 1: <object> of https://old.example/movie.swf" in report
    assert "youtube.com/embed/def456" not in report


def test_an_image_whose_own_name_ends_in_a_size_is_pointed_at(tmp_path, reader_client):
    uploads = tmp_path / "uploads"
    save_image(uploads / "2013" / "05" / "banner-300x200.png", image_format="PNG")
    save_image(uploads / "2013" / "05" / "banner.png", image_format="PNG")
    body = (
        f'<img src="{OLD_UPLOADS}/2013/05/banner-300x200.png" alt="Small">'
        f'<img src="{OLD_UPLOADS}/2013/05/banner-300x200-150x100.png" alt="Smaller">'
        f'<img src="{OLD_UPLOADS}/2013/05/banner.png" alt="Big">'
    )
    export = write_export(
        tmp_path,
        attachment(50, "2013/05/banner-300x200.png", title="Small"),
        attachment(51, "2013/05/banner.png", title="Big"),
        wxr_item(1, content=body),
    )
    run_import(export, uploads)
    small, big = Photo.objects.get(title="Small"), Photo.objects.get(title="Big")
    body = Post.objects.get().body
    assert body.count(small.image.url) == 2
    assert body.count(big.image.url) == 1
    assert OLD_UPLOADS not in body
    response = reader_client.get("/wp-content/uploads/2013/05/banner-300x200.png")
    assert response["Location"] == small.image.url


def test_names_too_long_for_the_disk_or_the_database_are_reported_not_a_crash(tmp_path):
    uploads = tmp_path / "uploads"
    deep = "/".join(["folder-" + "d" * 90] * 5)
    save_image(uploads / deep / "photo.jpg")
    export = write_export(
        tmp_path,
        attachment(50, f"2013/05/{'n' * 300}.jpg"),
        attachment(51, f"{deep}/photo.jpg", title="Deep"),
        wxr_item(1),
    )
    report = run_import(export, uploads)
    assert "Attachment 50:" in report
    photo = Photo.objects.get()
    assert photo.title == "Deep"
    assert "Attachment 51: its old address is too long" in report
    assert Post.objects.count() == 1


def test_a_player_left_open_loses_none_of_the_words_after_it(tmp_path):
    body = (
        '<video src="https://cdn.example/first.mp4">\n\n<p>Words that must stay.</p>\n\n'
        '<video src="https://cdn.example/second.mp4"></video>\n\n<p>And these.</p>'
        + '<p><a href="https://cdn.example/left-open">'
        * 300
    )
    export = write_export(tmp_path, wxr_item(1, content=body))
    out = io.StringIO()
    call_command("import_wordpress", str(export), stdout=out, stderr=io.StringIO())
    post = Post.objects.get()
    assert "Words that must stay." in post.body
    assert "And these." in post.body
    assert "Post 1: <video> of https://cdn.example/first.mp4" in out.getvalue()
    assert "Post 1: <video> of https://cdn.example/second.mp4" in out.getvalue()


def test_a_file_that_cannot_be_read_is_reported(tmp_path, monkeypatch):
    uploads = tmp_path / "uploads"
    save_image(uploads / "2013" / "05" / "locked.jpg")
    opened = Path.open

    def refuse_locked(path, *args, **kwargs):
        if path.name == "locked.jpg":
            raise PermissionError(13, "Permission denied")
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse_locked)
    export = write_export(tmp_path, attachment(50, "2013/05/locked.jpg"), wxr_item(1))
    report = run_import(export, uploads)
    assert "attachment 50 (2013/05/locked.jpg)" in report
    assert "could not be read" in report
    assert Post.objects.count() == 1


def test_a_full_disk_ends_the_import_with_one_line_and_nothing_saved(
    tmp_path, media_root, monkeypatch
):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("django.core.files.storage.FileSystemStorage._save", full)
    uploads = tmp_path / "uploads"
    save_image(uploads / "2013" / "05" / "bridge.jpg")
    export = write_export(tmp_path, attachment(50, "2013/05/bridge.jpg"), wxr_item(1))
    with pytest.raises(CommandError, match="No space left on device"):
        run_import(export, uploads)
    assert Post.objects.count() == 0
    assert media_files(media_root) == []


IMPORTER_CORPUS = (
    Path(os.environ.get("CEOBLOG_CORPORA", Path(settings.BASE_DIR).parent / "shared" / "corpora"))
    / "wordpress-importer"
)


@pytest.mark.skipif(
    not IMPORTER_CORPUS.is_dir(), reason=f"WordPress's importer exports not in {IMPORTER_CORPUS}"
)
@pytest.mark.parametrize("name", ["same-site", "different-site"])
def test_wordpress_flat_attachment_exports_point_the_post_at_the_copy(tmp_path, name):
    # WordPress's own test: the attachment is imported and the post's text points at the copy.
    uploads = tmp_path / "uploads"
    save_image(uploads / "2008" / "06" / "canola2.jpg")
    export = IMPORTER_CORPUS / f"wxr-flat-attachment-{name}.xml"
    assert "Media: 1 new" in run_import(export, uploads)
    photo = Photo.objects.get()
    assert photo.alt_text == "canola"
    body = Post.objects.get().body
    assert f'src="{photo.image.url}"' in body
    assert "wpthemetestdata.files.wordpress.com" not in body
    second = run_import(export, uploads)
    assert "Media: 1 unchanged" in second
    assert "Posts: 1 unchanged" in second


def test_embed_blocks_and_video_addresses_alone_on_a_line_become_players(tmp_path, settings):
    settings.CEOBLOG_EMBED_HOSTS = ["www.youtube-nocookie.com", "player.vimeo.com"]
    blocks = (
        '<!-- wp:embed {"url":"https://youtu.be/abcdef123"} -->\n'
        '<figure class="wp-block-embed is-provider-youtube"><div class="wp-block-embed__wrapper">'
        "\nhttps://youtu.be/abcdef123\n</div><figcaption>Our message</figcaption></figure>\n"
        "<!-- /wp:embed -->\n"
        '<figure class="wp-block-embed is-provider-twitter"><div class="wp-block-embed__wrapper">'
        "\nhttps://twitter.example/council/status/1\n</div></figure>"
    )
    classic = "Watch this:\n\nhttps://vimeo.com/765432\n\nAnd read https://vimeo.com/1 in a line."
    export = write_export(
        tmp_path, wxr_item(1, content=blocks), wxr_item(2, content=classic, post_name="two")
    )
    out = io.StringIO()
    call_command("import_wordpress", str(export), stdout=out, stderr=io.StringIO())
    first, second = Post.objects.get(slug="wordpress-post-1"), Post.objects.get(slug="two")
    assert 'src="https://www.youtube-nocookie.com/embed/abcdef123"' in first.body
    assert "Our message" in first.body
    assert 'href="https://twitter.example/council/status/1"' in first.body
    assert "Post 1: embedded content from twitter.example" in out.getvalue()
    assert 'src="https://player.vimeo.com/video/765432"' in second.body
    assert "And read https://vimeo.com/1 in a line." in second.body
    assert 'player.vimeo.com/video/1"' not in second.body


def test_an_attachment_address_that_is_no_address_is_reported(tmp_path):
    broken = attachment(50, "x.jpg").replace(
        "<wp:meta_value><![CDATA[x.jpg]]></wp:meta_value>", "<wp:meta_value></wp:meta_value>"
    )
    broken = broken.replace(f"{OLD_UPLOADS}/x.jpg", "http://[oops/wp-content/uploads/x.jpg")
    export = write_export(tmp_path, broken, wxr_item(1))
    report = run_import(export, tmp_path)
    assert "attachment 50 ()" in report
    assert Post.objects.count() == 1

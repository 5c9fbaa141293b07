import re

import pytest
from django.urls import reverse

from tests.helpers import make_photo, make_post, staff_user

pytestmark = pytest.mark.django_db


def test_every_field_an_editor_sees_has_help_text(publisher_client):
    form = publisher_client.get(reverse("admin:posts_post_add")).context["adminform"].form
    missing = [name for name, field in form.fields.items() if not field.help_text]
    assert missing == []


def test_every_photo_field_has_help_text(client):
    client.force_login(staff_user("librarian", perms=["photos.add_photo"]))
    form = client.get(reverse("admin:photos_photo_add")).context["adminform"].form
    assert [name for name, field in form.fields.items() if not field.help_text] == []


def test_the_body_uses_the_rich_text_editor_with_the_photo_picker(publisher_client):
    page = publisher_client.get(reverse("admin:posts_post_add")).text
    assert "data-django-prose-editor-configurable" in page
    assert "django_prose_editor/editor.js" in page
    assert reverse("admin:photos_photo_picker") in page
    assert "https://cdn" not in page


@pytest.mark.parametrize("address", ["add", "change"])
def test_the_editors_import_map_carries_the_nonce_the_content_security_policy_allows(
    publisher_client, address
):
    url = (
        reverse("admin:posts_post_add")
        if address == "add"
        else reverse("admin:posts_post_change", args=[make_post().pk])
    )
    response = publisher_client.get(url)
    script_src = re.search(r"script-src ([^;]*)", response["Content-Security-Policy"]).group(1)
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in response.text
    assert "'unsafe-inline'" not in script_src


def test_pages_without_the_editor_allow_no_inline_script(publisher_client):
    response = publisher_client.get(reverse("admin:posts_post_changelist"))
    assert "nonce-" not in response["Content-Security-Policy"]


def test_the_excerpt_has_a_live_character_count(publisher_client):
    page = publisher_client.get(reverse("admin:posts_post_add")).text
    assert re.search(r'<textarea name="excerpt"[^>]*data-count-characters="300"', page)
    assert "admin-extras/character-count.js" in page


def test_the_post_list_can_be_searched(publisher_client):
    make_post(title="Library opening")
    make_post(title="Road gritting")
    response = publisher_client.get(reverse("admin:posts_post_changelist"), {"q": "gritting"})
    assert [post.title for post in response.context["cl"].result_list] == ["Road gritting"]


def test_the_photo_picker_offers_library_photos_with_their_alt_text(publisher_client):
    make_photo(
        title="Depot visit", alt_text="Gritters lined up", caption="At the depot", credit="Sam"
    )
    page = publisher_client.get(reverse("admin:photos_photo_picker"), {"CKEditorFuncNum": "-1"})
    assert page.status_code == 200
    assert 'data-alt="Gritters lined up"' in page.text
    assert 'data-caption="At the depot Photo: Sam"' in page.text
    assert re.search(r'data-url="/media/renditions/\d+/[^"]+-900w\.jpg"', page.text)
    assert 'data-editor-callback="-1"' in page.text


def test_the_featured_photo_heads_the_post_and_shows_in_lists(reader_client):
    photo = make_photo(alt_text="The chief executive with apprentices", credit="Jo Bloggs")
    post = make_post(title="Apprentice week", featured_photo=photo)

    detail = reader_client.get(post.get_absolute_url()).text
    listing = reader_client.get("/").text

    assert 'alt="The chief executive with apprentices"' in detail
    assert 'loading="eager"' in detail
    assert "Photo: Jo Bloggs" in detail
    assert re.search(r'<img src="[^"]+" srcset="[^"]+ 480w, [^"]+ 800w, [^"]+ 900w"', detail)
    assert 'alt="The chief executive with apprentices"' in listing
    assert 'loading="lazy"' in listing


def test_the_home_page_query_count_does_not_grow_with_featured_photos(
    reader_client, django_assert_max_num_queries
):
    for number in range(3):
        make_post(featured_photo=make_photo(), title=f"Photo post {number}")
    reader_client.get("/")
    with django_assert_max_num_queries(10):
        assert reader_client.get("/").status_code == 200

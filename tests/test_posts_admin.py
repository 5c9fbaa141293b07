import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from posts.models import Post
from posts.search import admin_search_matches
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    return client


def test_post_list_shows_title_status_time_author_tags_and_sticky(admin_client_):
    published = datetime(2013, 5, 16, 10, 15, tzinfo=ZoneInfo("Europe/London"))
    make_post(title="Budget news", tags=["budget", "money"], is_sticky=True, published_at=published)
    response = admin_client_.get("/admin/posts/post/")
    assert response.status_code == 200
    text = response.text
    # The state column also gives the publication time and says when the post is pinned.
    for column in ["Title", "State", "Author", "Tags", "Comments"]:
        assert f">{column}</a>" in text or f">{column}</span>" in text
    assert "Budget news" in text
    assert "Published 16 May 2013, 10:15, pinned to the home page" in text
    assert "budget, money" in text


def test_post_list_filters_by_status_and_tag(admin_client_):
    roads_post = make_post(title="Out there", tags=["roads"])
    make_post(title="Not yet", status=Post.Status.DRAFT)
    drafts = admin_client_.get("/admin/posts/post/?status__exact=draft").text
    assert "Not yet" in drafts
    assert "Out there" not in drafts
    roads_tag = roads_post.tags.get()
    roads = admin_client_.get(f"/admin/posts/post/?tags__id__exact={roads_tag.pk}").text
    assert "Out there" in roads


def test_post_list_search_finds_by_title(admin_client_):
    make_post(title="Gritting crews")
    make_post(title="Library week")
    text = admin_client_.get("/admin/posts/post/?q=gritting").text
    assert "Gritting crews" in text
    assert "Library week" not in text


def found(client, term):
    """Return the titles the admin's post list shows for a search, in order."""
    page = client.get("/admin/posts/post/", {"q": term})
    assert page.status_code == 200
    return re.findall(r'<th class="field-title"><a href="[^"]*">([^<]*)</a>', page.text)


def test_post_list_search_finds_words_of_the_text_part_of_a_title_and_the_slug(admin_client_):
    make_post(
        title="Thank you, gritting crews",
        slug="gritting-thanks",
        body="<p>Out before dawn on the A28.</p>",
    )
    make_post(title="Library week", body="<p>Books for everyone.</p>")

    assert found(admin_client_, "dawn") == ["Thank you, gritting crews"]
    assert found(admin_client_, "gritt") == ["Thank you, gritting crews"]
    assert found(admin_client_, "GRITTING crews") == ["Thank you, gritting crews"]
    assert found(admin_client_, "gritting-thanks") == ["Thank you, gritting crews"]
    assert found(admin_client_, "books") == ["Library week"]
    assert found(admin_client_, "snow") == []


@pytest.mark.parametrize("term", ["100%", "_", "&&&", "\\", "(or)", "ice:*", "a" * 5000])
def test_post_list_search_takes_any_text_and_wildcards_literally(admin_client_, term):
    make_post(title="Library week")

    assert found(admin_client_, term) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_the_admins_post_search_reads_indexes_not_every_post():
    # With reading the whole table or a whole index in order made the last resort, the plan
    # shows which indexes the search can use: all three, or a title index whose expression no
    # longer matches Django's SQL would leave a sequential scan.
    search = Post.objects.filter(admin_search_matches("gritt")).order_by().values("pk")
    sql, params = search.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "post_search_vector_gin" in plan
    assert "post_title_trgm" in plan
    assert "Seq Scan" not in plan


def test_view_on_site_opens_the_preview_of_a_draft(admin_client_):
    draft = make_post(status=Post.Status.DRAFT)
    content_type = ContentType.objects.get_for_model(Post)
    response = admin_client_.get(f"/admin/r/{content_type.pk}/{draft.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(draft.get_absolute_url())
    preview = admin_client_.get(draft.get_absolute_url())
    assert "Preview: not published." in preview.text


def test_add_form_prepopulates_the_slug_from_the_title(admin_client_):
    response = admin_client_.get("/admin/posts/post/add/")
    assert response.status_code == 200
    assert "data-prepopulated-field" in response.text or "prepopulated_fields" in response.text


def test_duplicate_slug_on_the_same_day_is_a_form_error_in_the_admin(admin_client_):
    first = make_post(slug="back-to-business")
    local = first.local_published_at()
    response = admin_client_.post(
        "/admin/posts/post/add/",
        {
            "title": "Twin",
            "slug": "back-to-business",
            "author": first.author.pk,
            "body": "<p>x</p>",
            "excerpt": "",
            "tags": "",
            "status": "published",
            "published_at_0": local.strftime("%d/%m/%Y"),
            "published_at_1": local.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200
    assert "already uses this slug" in response.text
    assert Post.objects.filter(slug="back-to-business").count() == 1

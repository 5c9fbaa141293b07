"""Real content, in Chromium: the demo posts and WordPress's theme test data, every page type."""

import math
import os
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from comments.models import Comment, shown_to_readers
from comments.services import comments_are_open
from posts.models import Post
from tests.browser import axe_violations, html_errors, sign_in
from tests.helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WordPress's own test content for themes: every kind of markup a post can hold.
# In CI the repository is cloned with shared/ beside it; CEOBLOG_CORPORA points elsewhere.
THEME_TEST_DATA = (
    Path(os.environ.get("CEOBLOG_CORPORA", Path(settings.BASE_DIR).parent / "shared" / "corpora"))
    / "themeunittestdata.wordpress.xml"
)


def reader_addresses(posts):
    """Return every list a reader can open about the published posts, the home pages first."""
    pages = math.ceil(len(posts) / settings.CEOBLOG_POSTS_PER_PAGE)
    lists = [reverse("posts:index")]
    lists += [reverse("posts:index", kwargs={"page": page}) for page in range(2, pages + 1)]
    for post in posts:
        local = post.local_published_at()
        year, month, day = f"{local:%Y}", f"{local:%m}", f"{local:%d}"
        lists += [
            reverse("posts:archive-year", kwargs={"year": year}),
            reverse("posts:archive-month", kwargs={"year": year, "month": month}),
            reverse("posts:archive-day", kwargs={"year": year, "month": month, "day": day}),
            reverse("posts:author", kwargs={"username": post.author.get_username()}),
            *(reverse("posts:tag", kwargs={"slug": tag.slug}) for tag in post.tags.all()),
        ]
    words = " ".join(posts[0].title.split()[:2])
    lists.append(f"{reverse('posts:search')}?{urlencode({'q': words})}")
    return list(dict.fromkeys(lists)), pages


def one_of_each_kind(lists, posts):
    """Return a list of each kind (a year, a month, a tag...) and a post page of each kind."""
    kinds = {}
    for address in lists:
        parts = address.strip("/").split("/")
        kinds.setdefault(f"archive-{len(parts)}" if parts[0].isdigit() else parts[0], address)
    commented = Comment.objects.filter(shown_to_readers()).values("post")
    samples = [
        posts[0],
        posts.filter(pk__in=commented).first(),
        next((post for post in posts if not comments_are_open(post)), None),
        posts.exclude(featured_photo=None).first(),
    ]
    return [*kinds.values(), *(post.get_absolute_url() for post in samples if post)]


def problems_on_every_page(page, live_server, reader, tmp_path):
    """Check the home pages, every post and one list of each kind: Nu checker and axe.

    The home pages hold every post's body, so axe sees each one without opening every post;
    the other lists (each tag, each day) repeat those bodies in the same template.
    """
    posts = Post.objects.published().select_related("author").prefetch_related("tags")
    lists, home_pages = reader_addresses(posts)
    samples = list(dict.fromkeys(lists[:home_pages] + one_of_each_kind(lists, posts)))
    client = Client()
    client.force_login(reader)
    documents = {}
    for address in dict.fromkeys([*samples, *(post.get_absolute_url() for post in posts)]):
        response = client.get(address)
        assert response.status_code == 200, address
        documents[address] = response.text
    invalid = {name: errors for name, errors in html_errors(documents, tmp_path).items() if errors}

    sign_in(page, reader, live_server.url)
    inaccessible = {}
    for address in samples:
        page.goto(address)
        if violations := axe_violations(page):
            inaccessible[address] = violations
    return {"validator": invalid, "axe": inaccessible}


@pytest.fixture(autouse=True)
def long_home_pages(settings):
    # Fewer, longer pages: axe starts afresh on each page it checks.
    settings.CEOBLOG_POSTS_PER_PAGE = 20


def test_demo_content_is_valid_and_accessible_on_every_page(page, live_server, tmp_path):
    call_command("load_demo", verbosity=0)
    reader = make_user("visitor", first_name="Val", last_name="Visitor")

    assert problems_on_every_page(page, live_server, reader, tmp_path) == {
        "validator": {},
        "axe": {},
    }


def import_theme_test_data():
    """Import WordPress's theme test data, comments and all."""
    call_command("import_wordpress", str(THEME_TEST_DATA), verbosity=0)


@pytest.mark.skipif(not THEME_TEST_DATA.exists(), reason=f"{THEME_TEST_DATA} is missing")
def test_wordpress_theme_test_data_is_valid_and_accessible_on_every_page(
    page, live_server, tmp_path
):
    import_theme_test_data()
    reader = make_user("visitor", first_name="Val", last_name="Visitor")
    assert Post.objects.published().count() >= 40

    assert problems_on_every_page(page, live_server, reader, tmp_path) == {
        "validator": {},
        "axe": {},
    }

"""The account box at the top of every page, pinned byte for byte: how it is made may change,
never what a reader is sent."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import set_script_prefix

from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"


def account_box(page):
    """Return what the page holds between the search form and the end of the header."""
    found = re.search(r"Search</button>\n      </form>\n(.*?)\n    </div>\n  </header>", page, re.S)
    assert found, "no account box"
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1TOKEN", found.group(1))


def box_for(user, path="/"):
    client = Client()
    client.force_login(user)
    return account_box(client.get(path).text)


@pytest.mark.parametrize("path", ["/", "post"])
def test_a_readers_account_box_is_pinned(path):
    post = make_post()
    reader = make_user("robin", first_name="Robin", last_name="Reader")

    shown = box_for(reader, post.get_absolute_url() if path == "post" else path)

    assert shown == (GOLDEN / "account_box_reader.html").read_text()


def test_a_staff_members_box_links_to_the_admin_and_names_them_by_username_without_a_name():
    make_post()

    assert box_for(make_user("ivy", is_staff=True)) == (
        (GOLDEN / "account_box_staff.html").read_text()
    )


def test_a_name_is_escaped_in_the_account_box():
    make_post()
    person = make_user("kit", first_name='<b>Kit</b> & "Co"', last_name="Jones")

    assert "Signed in as &lt;b&gt;Kit&lt;/b&gt; &amp; &quot;Co&quot; Jones</span>" in box_for(
        person
    )


def test_the_account_boxs_links_follow_the_folder_the_blog_is_served_from():
    make_post()
    client = Client()
    client.force_login(make_user("robin"))

    # As the WSGI handler does for a request under /ceo-blog/ (the test client does not).
    set_script_prefix("/ceo-blog/")
    try:
        in_folder = account_box(client.get("/").text)
    finally:
        set_script_prefix("/")
    at_root = account_box(client.get("/").text)

    assert 'href="/ceo-blog/follow/"' in in_folder
    assert 'action="/ceo-blog/logout/"' in in_folder
    assert 'href="/follow/"' in at_root

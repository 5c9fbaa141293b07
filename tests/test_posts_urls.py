import pytest
from django.urls import resolve, reverse, set_script_prefix

from posts.links import reverse_remembered
from tests.helpers import make_post

NAMED_URLS = [
    ("posts:index", {}, "/"),
    ("posts:index", {"page": 2}, "/page/2/"),
    ("posts:archive-year", {"year": "2013"}, "/2013/"),
    ("posts:archive-year", {"year": "2013", "page": 2}, "/2013/page/2/"),
    ("posts:archive-month", {"year": "2013", "month": "05"}, "/2013/05/"),
    ("posts:archive-month", {"year": "2013", "month": "05", "page": 3}, "/2013/05/page/3/"),
    ("posts:archive-day", {"year": "2013", "month": "05", "day": "16"}, "/2013/05/16/"),
    (
        "posts:archive-day",
        {"year": "2013", "month": "05", "day": "16", "page": 2},
        "/2013/05/16/page/2/",
    ),
    (
        "posts:detail",
        {"year": "2013", "month": "05", "day": "16", "slug": "back-to-business"},
        "/2013/05/16/back-to-business/",
    ),
    ("posts:tag", {"slug": "thanks"}, "/tag/thanks/"),
    ("posts:tag", {"slug": "thanks", "page": 2}, "/tag/thanks/page/2/"),
    ("posts:author", {"username": "chiefexec"}, "/author/chiefexec/"),
    ("posts:author", {"username": "chiefexec", "page": 2}, "/author/chiefexec/page/2/"),
    ("login", {}, "/login/"),
    ("logout", {}, "/logout/"),
]


@pytest.mark.parametrize(("name", "kwargs", "path"), NAMED_URLS)
def test_named_url_reverses_to_the_wordpress_address(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path


@pytest.mark.parametrize(("name", "kwargs", "path"), NAMED_URLS)
def test_wordpress_address_resolves_to_the_named_url(name, kwargs, path):
    match = resolve(path)
    assert match.view_name == name
    assert {key: str(value) for key, value in match.kwargs.items()} == {
        key: str(value) for key, value in kwargs.items()
    }


@pytest.mark.django_db
def test_remembered_addresses_follow_the_script_prefix():
    post = make_post(slug="back-to-business", tags=["thanks"])
    at_root = post.get_absolute_url()
    try:
        set_script_prefix("/ceo-blog/")
        assert post.get_absolute_url() == f"/ceo-blog{at_root}"
        assert reverse_remembered("posts:tag", slug="thanks") == "/ceo-blog/tag/thanks/"
    finally:
        set_script_prefix("/")
    assert post.get_absolute_url() == at_root
    assert reverse_remembered("posts:tag", slug="thanks") == "/tag/thanks/"

"""Random and hostile values in every URL segment, query parameter and form field: never a 500.

Django's test client re-raises any exception a view lets escape, so a crash fails the test with
its traceback; a response is checked for a status below 500 as well.
"""

import os
import re
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import make_post, make_user
from tests.urlwalk import site_routes

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("CEOBLOG_FUZZ_EXAMPLES", "6"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "../../etc/passwd",
    "..%2F..%2Fsecret",
    "%00",
    "\x00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "9" * 40,
    "-1",
    "0",
    "2024-13-45",
    "é🙂",
    "a" * 3000,
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "{{ settings.SECRET_KEY }}",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60), st.integers().map(str))
# Names our views and the admin read, plus whatever else a visitor might send.
QUERY_NAMES = [
    "page",
    "q",
    "next",
    "o",
    "p",
    "e",
    "all",
    "_popup",
    "_to_field",
    "action_flag__exact",
]
query_names = st.one_of(st.sampled_from(QUERY_NAMES), st.text(min_size=1, max_size=20))
queries = st.dictionaries(query_names, values, max_size=4)
FORM_NAMES = ["username", "password", "next", "action", "_selected_action", "comments", "confirm"]
forms = st.dictionaries(st.one_of(st.sampled_from(FORM_NAMES), query_names), values, max_size=6)

ROUTES = list(site_routes())


def segment_values(kind):
    if kind == "int":
        return st.one_of(st.integers(min_value=0, max_value=10**30).map(str), values)
    return values


def hostile_path(route, data):
    path = route.route
    for name, kind in route.parameters:
        raw = data.draw(segment_values(kind), label=name)
        encoded = quote(raw, safe="") if raw else "x"
        if kind == "regex":
            path = re.sub(rf"\(\?P<{name}>[^)]*\)", lambda _, value=encoded: value, path, count=1)
        else:
            path = re.sub(rf"<(\w+:)?{name}>", lambda _, value=encoded: value, path, count=1)
    return "/" + path.replace("\\", "")


@pytest.fixture
def visitors(db):
    make_post(tags=["news"])
    admin = make_user("fuzz-admin", is_staff=True, is_superuser=True)
    signed_in = Client()
    signed_in.force_login(admin)
    return {"anonymous": Client(), "admin": signed_in}


def assert_no_server_error(response, what):
    assert response.status_code < 500, f"{what} answered {response.status_code}"


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_hostile_get_and_post_never_cause_a_server_error(route, visitors):
    @FUZZ
    @given(data=st.data(), query=queries, form=forms)
    def check(data, query, form):
        path = hostile_path(route, data)
        for who, client in visitors.items():
            assert_no_server_error(client.get(path, query), f"GET {path} as {who}")
            assert_no_server_error(client.post(path, form), f"POST {path} as {who}")

    check()


@FUZZ
@given(form=forms)
def test_hostile_sign_in_forms_never_cause_a_server_error(visitors, form):
    response = visitors["anonymous"].post("/login/", form)

    assert response.status_code in {200, 302, 400, 403, 429}

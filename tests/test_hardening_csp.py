"""The Content Security Policy headers: django-csp's, with the settings' policy built once.

hardening.middleware.ContentSecurityPolicyMiddleware sets what django-csp's own middleware sets;
these tests hold it to that, for reader pages, the editor's nonce and changed settings.
"""

import pytest
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

import hardening.middleware
from hardening.middleware import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db


def headers_of(middleware_class, response, path="/"):
    middleware = middleware_class(lambda request: response)
    return dict(middleware(RequestFactory().get(path)).headers)


def fresh_response(**attributes):
    response = HttpResponse("A page.")
    for name, value in attributes.items():
        setattr(response, name, value)
    return response


@pytest.mark.parametrize(
    "attributes",
    [
        {},
        {"_csp_exempt": True},
        {"_csp_update": {"img-src": ["https://photos.example"]}},
        {"_csp_replace": {"frame-src": None}},
    ],
)
def test_it_sets_what_django_csp_sets(attributes):
    ours = headers_of(ContentSecurityPolicyMiddleware, fresh_response(**attributes))
    theirs = headers_of(CSPMiddleware, fresh_response(**attributes))

    assert ours == theirs
    if not attributes:
        assert ours["Content-Security-Policy"] == build_policy()
        assert "frame-ancestors 'none'" in ours["Content-Security-Policy"]


def test_reader_pages_reuse_the_policy_built_once(reader_client, monkeypatch):
    builds = []

    def counted(*args, **kwargs):
        builds.append(kwargs)
        return build_policy(*args, **kwargs)

    hardening.middleware.settings_policies.cache_clear()
    monkeypatch.setattr("hardening.middleware.build_policy", counted)
    monkeypatch.setattr("csp.middleware.build_policy", counted)

    policies = {reader_client.get(path)["Content-Security-Policy"] for path in ["/", "/"] * 5}

    assert policies == {build_policy()}
    # The policy and the report-only one, once; django-csp built both for every response.
    assert len(builds) == 2


def test_a_changed_setting_changes_the_header(settings):
    before = headers_of(ContentSecurityPolicyMiddleware, fresh_response())
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"script-src": ["'self'"]},
        "EXCLUDE_URL_PREFIXES": ["/feed/"],
    }

    after = headers_of(ContentSecurityPolicyMiddleware, fresh_response())
    feed = headers_of(ContentSecurityPolicyMiddleware, fresh_response(), path="/feed/")

    assert "default-src 'self'" in before["Content-Security-Policy"]
    assert after["Content-Security-Policy"] == "default-src 'none'"
    assert "script-src 'self'" in after["Content-Security-Policy-Report-Only"]
    assert after == headers_of(CSPMiddleware, fresh_response())
    assert "Content-Security-Policy-Report-Only" not in feed
    assert feed == headers_of(CSPMiddleware, fresh_response(), path="/feed/")


def test_the_editor_still_gets_its_nonce_in_the_policy(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/posts/post/add/")

    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.text
    # And a reader page after it has none.
    assert "nonce-" not in client.get("/")["Content-Security-Policy"]

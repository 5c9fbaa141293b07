"""Who may open approval's pages and take its decisions, Approvers included (issue 14).

tests/test_site_authorisation.py covers every URL for its five roles; this adds the Approvers
group, which that matrix does not have, for the pages and actions approval is about.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from approvals.models import ApprovalStep
from approvals.roles import APPROVERS
from comments.roles import MODERATORS
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.helpers import client_as, make_post, make_user, post_form_data

# Approval is on for every test here (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.approval_required]

ROLES = ("anonymous", "reader", "communications", "approver", "moderator")
SIGN_IN = "sign-in"


@pytest.fixture
def users(db):
    call_command("setup_roles", verbosity=0)
    found = {"anonymous": None, "reader": make_user("perm-reader")}
    for role, group in [
        ("communications", COMMUNICATIONS),
        ("approver", APPROVERS),
        ("moderator", MODERATORS),
    ]:
        user = make_user(f"perm-{role}", email=f"{role}@council.example", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        found[role] = user
    return found


def outcome(response):
    if response.status_code == 302 and re.match(r"^/(admin/)?login/", response["Location"]):
        return SIGN_IN
    return response.status_code


def fresh_draft(users):
    return make_post(
        status=Post.Status.DRAFT, author=users["communications"], title="Permission draft"
    )


def test_who_may_open_approvals_pages(users):
    draft = fresh_draft(users)
    pages = {
        reverse("admin:approvals_review", args=[draft.pk]): (SIGN_IN, SIGN_IN, 403, 200, 403),
        reverse("posts:draft", args=[draft.pk]): (SIGN_IN, 404, 200, 200, 404),
        reverse("admin:posts_post_change", args=[draft.pk]): (SIGN_IN, SIGN_IN, 200, 200, 200),
        reverse("admin:posts_post_changelist") + "?approval=waiting": (
            SIGN_IN,
            SIGN_IN,
            200,
            200,
            200,
        ),
        reverse("admin:posts_post_history", args=[draft.pk]): (SIGN_IN, SIGN_IN, 200, 200, 200),
        reverse("admin:approvals_approvalstep_changelist"): (SIGN_IN, SIGN_IN, 403, 403, 403),
    }
    failures = []
    for url, expected in pages.items():
        got = tuple(outcome(client_as(users[role]).get(url)) for role in ROLES)
        if got != expected:
            failures.append(f"GET {url}: expected {expected}, got {got}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("decision", ["approve", "request_changes"])
def test_only_approvers_may_decide(users, decision):
    expected = (SIGN_IN, SIGN_IN, 403, 302, 403)
    got = []
    for role in ROLES:
        draft = fresh_draft(users)
        url = reverse("admin:approvals_review", args=[draft.pk])
        client = client_as(users[role])
        fingerprint = ""
        if role == "approver":
            fingerprint = client.get(url).context["fingerprint"]
        form = {"decision": decision, "note": "Fine by me.", "fingerprint": fingerprint}
        got.append(outcome(client.post(url, form)))
        decided = ApprovalStep.objects.filter(post=draft).exclude(kind="submitted").exists()
        assert decided == (role == "approver"), role
    assert tuple(got) == expected


def test_an_approver_without_publishing_rights_cannot_publish_even_approved(users):
    draft = fresh_draft(users)
    client = client_as(users["approver"])
    url = reverse("admin:approvals_review", args=[draft.pk])
    fingerprint = client.get(url).context["fingerprint"]
    client.post(url, {"decision": "approve", "fingerprint": fingerprint})
    response = client.post(
        reverse("admin:posts_post_change", args=[draft.pk]),
        post_form_data(draft, _publish="approve"),
    )
    assert response.status_code == 200
    assert "You do not have permission to publish" in response.text
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT


def test_a_moderator_cannot_submit_or_approve_by_forging_the_buttons(users):
    draft = fresh_draft(users)
    client = client_as(users["moderator"])
    url = reverse("admin:posts_post_change", args=[draft.pk])
    for button in ({"_save_draft": "submit"}, {"_publish": "approve"}):
        assert client.post(url, post_form_data(draft, **button)).status_code == 403
    assert not ApprovalStep.objects.filter(post=draft).exists()


def test_an_approver_sees_the_checks_in_the_writing_screen_and_may_override_them(users):
    draft = make_post(
        status=Post.Status.DRAFT,
        author=users["communications"],
        title="Budget papers",
        body='<p>The papers are out: <a href="/budget/">click here</a>.</p>',
    )
    page = client_as(users["approver"]).get(reverse("admin:posts_post_change", args=[draft.pk]))
    assert page.status_code == 200
    assert "Override the checks and publish" in page.text
    writer_page = client_as(users["communications"]).get(
        reverse("admin:posts_post_change", args=[draft.pk])
    )
    assert "Override the checks" not in writer_page.text

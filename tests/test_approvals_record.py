"""A post's record (issue 14, part 4): its History page lists who did what to it, and when."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from approvals.roles import APPROVERS
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.helpers import make_post, make_user, post_form_data

# Approval is on for every test here (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.approval_required]


def record_rows(html):
    table = html.split('id="post-record"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]
    cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.DOTALL) for row in rows]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in row] for row in cells]


def test_the_history_page_shows_the_whole_record_newest_first(client):
    call_command("setup_roles", verbosity=0)
    writer = make_user("wren", first_name="Wren", last_name="Writer", is_staff=True)
    writer.groups.add(Group.objects.get(name=COMMUNICATIONS))
    chief = make_user("cass", first_name="Cass", last_name="Chief", is_staff=True)
    chief.groups.add(Group.objects.get(name=APPROVERS))
    post = make_post(status=Post.Status.DRAFT, author=writer, title="Library hours")
    change = reverse("admin:posts_post_change", args=[post.pk])
    review = reverse("admin:approvals_review", args=[post.pk])

    client.force_login(writer)
    client.post(change, post_form_data(post, _save_draft="submit"))
    client.force_login(chief)
    fingerprint = client.get(review).context["fingerprint"]
    client.post(
        review,
        {"decision": "request_changes", "note": "Add Sunday hours.", "fingerprint": fingerprint},
    )
    client.force_login(writer)
    post.refresh_from_db()
    client.post(
        change,
        post_form_data(post, body="<p>Open on Sundays too.</p>", _save_draft="submit"),
    )
    client.force_login(chief)
    fingerprint = client.get(review).context["fingerprint"]
    client.post(review, {"decision": "approve", "note": "Good.", "fingerprint": fingerprint})
    client.force_login(writer)
    post.refresh_from_db()
    client.post(change, post_form_data(post, _publish="1"))
    client.post(change, post_form_data(Post.objects.get(pk=post.pk), _unpublish="1"))

    page = client.get(reverse("admin:posts_post_history", args=[post.pk]))
    assert page.status_code == 200
    rows = [(who, what, note) for _, who, what, note in record_rows(page.text)]
    # One press, one row: "Submit for approval" saves the draft too, and the row says both.
    assert rows == [
        ("Wren Writer", "Unpublished", "Moved to drafts."),
        ("Wren Writer", "Published", "Published."),
        ("Cass Chief", "Approved", "Good."),
        (
            "Wren Writer",
            "Submitted for approval",
            "Submitted for approval. Saved as a draft. Changed body.",
        ),
        ("Cass Chief", "Changes requested", "Add Sunday hours."),
        ("Wren Writer", "Submitted for approval", "Submitted for approval. Saved as a draft."),
    ]
    # The saved versions stay on the same page, below the record.
    assert 'id="change-history"' in page.text

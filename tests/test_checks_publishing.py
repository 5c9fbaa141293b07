"""The checks before publishing in the admin: shown in the publish box, refusing accessibility
problems by every way of publishing, and overridden only by an approver with a reason."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.services import events_for
from checks.models import CheckOverride
from posts.models import Post
from tests.helpers import PUBLISHER_PERMS, WRITER_PERMS, make_post, post_form_data, staff_user

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:posts_post_changelist")
BAD_LINK = '<p>The budget papers are out. To read them <a href="/budget/">click here</a>.</p>'
GOOD_LINK = '<p>The budget papers are out. <a href="/budget/">Read the budget papers</a>.</p>'
REFUSED = "the post has an accessibility problem to fix first"


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def override_url(post):
    return reverse("checks:override", args=[post.pk])


def analyse_url(post=None):
    return reverse("checks:analyse", args=[post.pk]) if post else reverse("checks:analyse-new")


@pytest.fixture
def approver(db):
    return staff_user("approver", perms=[*PUBLISHER_PERMS, "posts.approve_post"])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def draft(**fields):
    return make_post(status=Post.Status.DRAFT, body=BAD_LINK, title="Budget papers", **fields)


def actions(post):
    """The publishing steps recorded in the audit log (not Django admin's own rows)."""
    return [event.action for event in events_for(post) if event.action.startswith("post.")]


# --- The publish box ---------------------------------------------------------------------------


def test_the_publish_box_shows_the_saved_post_s_findings_without_javascript(publisher):
    post = draft()
    page = signed_in(publisher).get(change_url(post)).text
    assert 'id="checks-summary" role="status">1 problem to fix, 3 suggestions.' in page
    assert "A link’s words do not say where it goes." in page
    assert "“click here”" in page
    assert "Why it matters:" in page
    assert "How to fix it:" in page
    assert "checks/checks.js" in page
    assert "checks/checks.css" in page
    # Only approvers are offered the override.
    assert "checks_override_reason" not in page


def test_a_new_post_shows_the_checks_too(publisher):
    page = signed_in(publisher).get(reverse("admin:posts_post_add")).text
    assert "No problems to fix, 3 suggestions." in page
    assert reverse("checks:analyse-new") in page


def test_the_checks_address_answers_the_findings_for_unsaved_values(publisher):
    post = make_post(status=Post.Status.DRAFT, body=GOOD_LINK)
    client = signed_in(publisher)
    data = post_form_data(post, body=BAD_LINK + "<h2></h2>", tags="budget")
    response = client.post(analyse_url(post), data)
    assert response.status_code == 200
    assert 'data-summary="2 problems to fix, 2 suggestions."' in response.text
    assert "A heading has no words." in response.text
    saved = post.body
    post.refresh_from_db()
    assert post.body == saved  # nothing saved
    new = client.post(analyse_url(), {"title": "Hello", "body": "<p>SHOUTING IN BIG LETTERS</p>"})
    assert "Words written in capitals." in new.text


def test_the_checks_address_is_for_those_who_may_change_the_post(publisher):
    post = draft()
    looker = staff_user("looker", perms=["posts.view_post"])
    assert signed_in(looker).post(analyse_url(post), {"body": BAD_LINK}).status_code == 403
    assert signed_in(looker).post(analyse_url(), {"body": BAD_LINK}).status_code == 403
    assert signed_in(publisher).post(reverse("checks:analyse", args=[999999])).status_code == 404
    assert signed_in(publisher).get(analyse_url(post)).status_code == 405
    # Signed out: the admin's sign-in page, never findings.
    assert Client().post(analyse_url(post), {"body": BAD_LINK}).status_code == 302


def test_the_checks_address_needs_the_csrf_token(publisher):
    client = Client(enforce_csrf_checks=True)
    client.force_login(publisher)
    assert client.post(analyse_url(draft()), {"body": BAD_LINK}).status_code == 403


# --- Refusing ----------------------------------------------------------------------------------


def test_publish_is_refused_on_the_form_with_the_problem_named_and_the_typing_kept(publisher):
    post = make_post(status=Post.Status.DRAFT, body=GOOD_LINK, title="Budget papers")
    saved = post.body
    typed = BAD_LINK + "<p>A new line typed before publishing.</p>"
    response = signed_in(publisher).post(
        change_url(post), post_form_data(post, body=typed, _publish="1")
    )
    assert response.status_code == 200
    assert "Not published: " + REFUSED in response.text
    assert "A link’s words do not say where it goes (click here)" in response.text
    assert "A new line typed before publishing." in response.text
    post.refresh_from_db()
    assert (post.status, post.body) == (Post.Status.DRAFT, saved)
    assert "post.publish" not in actions(post)


def test_schedule_is_refused_on_the_form(publisher):
    post = draft()
    later = timezone.localtime(timezone.now() + timedelta(days=2))
    data = post_form_data(
        post,
        _publish="1",
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1=later.strftime("%H:%M"),
    )
    response = signed_in(publisher).post(change_url(post), data)
    assert "Not scheduled: " + REFUSED in response.text
    post.refresh_from_db()
    assert (post.status, post.published_at) == (Post.Status.DRAFT, None)


def test_a_new_post_with_a_problem_is_not_published_nor_saved(publisher):
    data = post_form_data(body=BAD_LINK, author=str(publisher.pk), _publish="1")
    response = signed_in(publisher).post(reverse("admin:posts_post_add"), data)
    assert REFUSED in response.text
    assert not Post.objects.exists()


def test_saving_a_draft_with_a_problem_is_allowed(publisher):
    post = make_post(status=Post.Status.DRAFT, body=GOOD_LINK)
    response = signed_in(publisher).post(
        change_url(post), post_form_data(post, body=BAD_LINK, _save_draft="1")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert "click here" in post.body


def test_the_bulk_action_refuses_posts_with_problems_and_publishes_the_others(publisher):
    bad, good = draft(), make_post(status=Post.Status.DRAFT, body=GOOD_LINK, title="Good one")
    response = signed_in(publisher).post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [bad.pk, good.pk]},
        follow=True,
    )
    words = [str(message) for message in response.context["messages"]]
    assert "Published: “Good one”." in words
    assert any(
        w.startswith("Not changed, “Budget papers”: Not published: " + REFUSED) for w in words
    )
    bad.refresh_from_db()
    good.refresh_from_db()
    assert (bad.status, good.status) == (Post.Status.DRAFT, Post.Status.PUBLISHED)


def test_a_forged_update_bringing_a_problem_to_a_live_post_is_refused(publisher):
    post = make_post(body=GOOD_LINK, title="Budget papers")
    saved = post.body
    for button in ["_update", "_save_draft", ""]:
        data = post_form_data(post, body=BAD_LINK, **({button: "1"} if button else {}))
        response = signed_in(publisher).post(change_url(post), data)
        assert "Not updated: " + REFUSED in response.text, button
    post.refresh_from_db()
    assert post.body == saved


def test_a_live_post_with_an_old_problem_can_still_be_corrected(publisher):
    # Published before the checks existed: a typing correction is not held up by its old link.
    post = make_post(body=BAD_LINK + "<p>Teh end.</p>", title="Budget papers")
    response = signed_in(publisher).post(
        change_url(post), post_form_data(post, body=BAD_LINK + "<p>The end.</p>", _update="1")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert "The end." in post.body


def test_the_workflow_itself_refuses_whatever_calls_it(publisher):
    from django.core.exceptions import ValidationError

    from posts.workflow import post_publish

    post = draft()
    with pytest.raises(ValidationError, match="click here"):
        post_publish(post=post, user=publisher)


# --- Overriding --------------------------------------------------------------------------------


def test_an_approver_overrides_with_a_reason_and_the_post_publishes(approver):
    post = draft()
    client = signed_in(approver)
    page = client.get(change_url(post)).text
    assert 'name="checks_override_reason"' in page
    assert f'formaction="{override_url(post)}"' in page

    data = post_form_data(post, _publish="1", checks_override_reason="Link text fixed tomorrow")
    response = client.post(override_url(post), data)
    assert response.status_code == 307
    assert response["Location"] == change_url(post)
    # The browser sends the same form on to the post's page, which publishes it.
    response = client.post(change_url(post), data, follow=True)
    assert "Readers can see it now." in response.text
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    override = CheckOverride.objects.get(post=post)
    assert (override.reason, override.created_by) == ("Link text fixed tomorrow", approver)
    assert [item["where"] for item in override.findings] == ["click here"]
    assert len(override.fingerprint) == 64
    assert actions(post) == ["post.override_checks", "post.publish"]
    overridden = events_for(post).first()
    assert "Reason: Link text fixed tomorrow" in overridden.message
    assert "click here" in overridden.message
    page = client.get(change_url(post)).text
    assert "Overridden by an approver" in page
    assert "Link text fixed tomorrow" in page


def test_the_test_client_follows_the_override_to_publishing_in_one_go(approver):
    post = draft()
    data = post_form_data(post, _publish="1", checks_override_reason="Agreed with the CEO")
    response = signed_in(approver).post(override_url(post), data, follow=True)
    assert response.redirect_chain[0] == (change_url(post), 307)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


def test_an_override_needs_a_reason(approver):
    post = draft()
    data = post_form_data(post, _publish="1", checks_override_reason="   ")
    response = signed_in(approver).post(override_url(post), data, follow=True)
    assert "Write why the post may be published with these problems" in response.text
    assert REFUSED in response.text
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert not CheckOverride.objects.exists()


def test_only_an_approver_may_override(publisher):
    post = draft()
    data = post_form_data(post, _publish="1", checks_override_reason="I think it is fine")
    assert signed_in(publisher).post(override_url(post), data).status_code == 403
    writer = staff_user("writer", perms=[*WRITER_PERMS, "posts.approve_post"])
    assert signed_in(writer).post(override_url(post), data).status_code in {302, 307}
    looker = staff_user("looker", perms=["posts.view_post", "posts.approve_post"])
    assert signed_in(looker).post(override_url(post), data).status_code == 403
    assert CheckOverride.objects.filter(created_by=publisher).count() == 0
    assert not CheckOverride.objects.filter(created_by=looker).exists()


def test_a_writer_approver_s_override_is_recorded_but_publishing_still_needs_a_publisher():
    writer = staff_user("writer", perms=[*WRITER_PERMS, "posts.approve_post"])
    post = draft()
    data = post_form_data(post, _publish="1", checks_override_reason="Fine by me")
    response = signed_in(writer).post(override_url(post), data, follow=True)
    assert "You do not have permission to publish" in response.text
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_an_override_covers_the_problems_it_named_and_no_new_one(approver, publisher):
    post = draft()
    data = post_form_data(post, _publish="1", checks_override_reason="Agreed")
    signed_in(approver).post(override_url(post), data, follow=True)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED

    # A later change keeping the overridden link passes; one adding a new problem does not.
    client = signed_in(publisher)
    kept = post_form_data(post, body=post.body + "<p>One more line.</p>", _update="1")
    assert client.post(change_url(post), kept).status_code == 302
    post.refresh_from_db()
    worse = post_form_data(post, body=post.body + '<p><a href="/more/">Read more</a></p>')
    response = client.post(change_url(post), {**worse, "_update": "1"})
    assert "Read more" in response.text
    assert REFUSED in response.text
    assert "click here" not in response.text.split("Not updated")[1].split("</")[0]


def test_overrides_are_listed_read_only_for_those_who_may_see_them(approver):
    from django.contrib.auth.models import Permission

    post = draft()
    data = post_form_data(post, _publish="1", checks_override_reason="Quoted as written")
    signed_in(approver).post(override_url(post), data)
    approver.user_permissions.add(Permission.objects.get(codename="view_checkoverride"))
    client = signed_in(approver)
    page = client.get(reverse("admin:checks_checkoverride_changelist")).text
    assert "Quoted as written" in page
    assert "Budget papers" in page
    override = CheckOverride.objects.get()
    assert (
        client.post(reverse("admin:checks_checkoverride_delete", args=[override.pk])).status_code
        == 403
    )


def test_hostile_values_get_findings_not_errors(publisher):
    client = signed_in(publisher)
    for data in [
        {"body": "<p><a href='/x'>click here</p></div></table><h2", "featured_photo": "abc"},
        {"body": "<img alt=>" * 500, "tags": '"unclosed, tag', "featured_photo": "99999999999"},
        {"body": "\x00<h1>\x00</h1>", "title": "x" * 5000, "featured_photo": "9" * 30},
    ]:
        response = client.post(analyse_url(), data)
        assert response.status_code == 200
        assert "problem" in response.text


def test_restoring_a_version_with_a_problem_onto_a_live_post_is_refused(publisher):
    from reversion.models import Version

    post = make_post(status=Post.Status.DRAFT, body=BAD_LINK, title="Budget papers")
    client = signed_in(publisher)
    client.post(change_url(post), post_form_data(post, _save_draft="1"))
    client.post(change_url(post), post_form_data(post, body=GOOD_LINK, _publish="1"))
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    saved = post.body
    older = Version.objects.get_for_object(post).order_by("pk").first()
    address = reverse("admin:posts_post_revision", args=[post.pk, older.pk])
    form = post_form_data(post, body=BAD_LINK, _restore="1")
    response = client.post(address, form)
    assert response.status_code == 200
    assert REFUSED in response.text
    post.refresh_from_db()
    assert (post.status, post.body) == (Post.Status.PUBLISHED, saved)
    # A draft may go back to any version: it is checked when it is published.
    draft_post = draft()
    client.post(change_url(draft_post), post_form_data(draft_post, _save_draft="1"))
    client.post(change_url(draft_post), post_form_data(draft_post, body=GOOD_LINK, _save_draft="1"))
    older = Version.objects.get_for_object(draft_post).order_by("pk").first()
    address = reverse("admin:posts_post_revision", args=[draft_post.pk, older.pk])
    response = client.post(address, post_form_data(draft_post, body=BAD_LINK, _restore="1"))
    assert response.status_code == 302


def test_a_complete_plain_post_has_nothing_to_say(publisher):
    from tests.helpers import make_photo

    post = make_post(
        status=Post.Status.DRAFT,
        title="Budget papers",
        body=GOOD_LINK,
        excerpt="Next year's budget papers are out.",
        featured_photo=make_photo(alt_text="The budget papers on a desk"),
        tags=["budget"],
    )
    page = signed_in(publisher).get(change_url(post)).text
    assert 'role="status">No problems to fix, no suggestions.</p>' in page
    assert "Fix before publishing" not in page

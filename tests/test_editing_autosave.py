"""Autosaves of the post form: kept per person and post, offered back, never published."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editing.models import Autosave
from editing.words import when_in_words
from posts.models import Post
from tests.helpers import (
    PUBLISHER_PERMS,
    WRITER_PERMS,
    make_post,
    make_user,
    post_form_data,
    staff_user,
)

pytestmark = pytest.mark.django_db

TYPED = {
    "title": "Thank you, gritting crews",
    "slug": "thank-you-gritting-crews",
    "body": "<p>Our crews treated 2,400 miles of road.</p>",
    "excerpt": "Snow, salt and thanks.",
    "tags": "Thanks, Highways",
}


def autosave_url(post=None):
    if post is None:
        return reverse("editing:autosave-new")
    return reverse("editing:autosave", args=[post.pk])


def client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def autosave_writer():
    return staff_user("writer", perms=PUBLISHER_PERMS)


@pytest.fixture
def autosave_writer_client(autosave_writer):
    return client_for(autosave_writer)


def script_settings(response):
    """Return the data- attributes of the editing script's tag on an admin page, or None."""
    tag = re.search(r'<script src="[^"]*editing/editing\.js"([^>]*)>', response.text)
    if tag is None:
        return None
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag.group(1)))


# --- Autosaving ---------------------------------------------------------------------------------


def test_an_autosave_keeps_the_typed_values_and_never_changes_the_post(
    autosave_writer, autosave_writer_client
):
    post = make_post(title="Gritting", body="<p>Live text.</p>")
    updated_at = post.updated_at

    response = autosave_writer_client.post(autosave_url(post), TYPED)

    assert response.status_code == 200
    assert re.fullmatch(r"Autosaved at \d\d:\d\d\.", response.json()["message"])
    autosave = Autosave.objects.get()
    assert (autosave.user, autosave.post) == (autosave_writer, post)
    assert autosave.values() == TYPED
    post.refresh_from_db()
    assert (post.title, post.body, post.status) == ("Gritting", "<p>Live text.</p>", "published")
    assert post.updated_at == updated_at


def test_readers_see_the_published_text_while_an_edit_is_only_autosaved(autosave_writer_client):
    post = make_post(title="Gritting", body="<p>Live text.</p>")
    autosave_writer_client.post(autosave_url(post), {**TYPED, "body": "<p>Half-written edit.</p>"})

    reader = client_for(make_user("reader"))
    page = reader.get(post.get_absolute_url()).text

    assert "Live text." in page
    assert "Half-written edit." not in page


def test_a_new_posts_autosave_has_no_post_and_stays_one_row(
    autosave_writer, autosave_writer_client
):
    autosave_writer_client.post(autosave_url(), {"title": "First words"})
    autosave_writer_client.post(
        autosave_url(), {"title": "First words, and more", "body": "<p>Hi.</p>"}
    )

    autosave = Autosave.objects.get()
    assert autosave.post is None
    assert (autosave.title, autosave.body) == ("First words, and more", "<p>Hi.</p>")


def test_fields_left_out_of_an_autosave_keep_their_autosaved_values(autosave_writer_client):
    post = make_post()
    autosave_writer_client.post(autosave_url(post), TYPED)
    autosave_writer_client.post(autosave_url(post), {"title": "A better title"})

    assert Autosave.objects.get().values() == {**TYPED, "title": "A better title"}


def test_each_person_has_their_own_autosave_of_a_post(autosave_writer_client):
    post = make_post()
    colleague = client_for(staff_user("colleague", perms=WRITER_PERMS))
    autosave_writer_client.post(autosave_url(post), {"title": "Mine"})
    colleague.post(autosave_url(post), {"title": "Theirs"})

    assert autosave_writer_client.get(autosave_url(post)).json()["autosave"]["title"] == "Mine"
    assert colleague.get(autosave_url(post)).json()["autosave"]["title"] == "Theirs"
    assert Autosave.objects.count() == 2


def test_an_autosave_is_not_readable_by_anyone_else(autosave_writer_client):
    post = make_post()
    autosave_writer_client.post(autosave_url(post), {"title": "Private thoughts"})
    autosave_writer_client.post(autosave_url(), {"title": "A new post's private thoughts"})
    colleague = client_for(staff_user("colleague", perms=WRITER_PERMS))

    for url in (autosave_url(post), autosave_url()):
        answer = colleague.get(url)
        assert answer.status_code == 200
        assert answer.json() == {"autosave": None}
        assert "private thoughts" not in answer.text


def test_restoring_reads_back_what_was_autosaved_with_when(autosave_writer_client):
    post = make_post()
    autosave_writer_client.post(autosave_url(post), TYPED)

    answer = autosave_writer_client.get(autosave_url(post))

    assert answer.status_code == 200
    assert answer.json()["autosave"] == TYPED
    when = when_in_words(Autosave.objects.get().saved_at)
    restored = f"Restored the autosave from {when}. Save the post to keep it."
    assert answer.json()["message"] == restored
    assert answer["Cache-Control"].startswith("max-age=0, no-cache, no-store")


def test_unsafe_markup_in_an_autosaved_body_is_removed(autosave_writer_client):
    autosave_writer_client.post(
        autosave_url(), {"body": '<p onclick="steal()">Hi<script>alert(1)</script></p>'}
    )

    assert Autosave.objects.get().body == "<p>Hi</p>"


def test_discarding_deletes_only_that_autosave(autosave_writer_client):
    post = make_post()
    autosave_writer_client.post(autosave_url(post), {"title": "Edit"})
    autosave_writer_client.post(autosave_url(), {"title": "New"})

    answer = autosave_writer_client.post(reverse("editing:autosave-discard", args=[post.pk]))

    assert answer.status_code == 200
    assert answer.json()["message"] == "The autosave was discarded."
    assert list(Autosave.objects.values_list("title", flat=True)) == ["New"]


# --- Refusals: clear words, a 4xx, nothing saved -------------------------------------------------


@pytest.mark.parametrize("new", [True, False], ids=["new post", "post"])
def test_anonymous_visitors_are_told_they_are_signed_out(new):
    post = None if new else make_post()

    response = Client().post(autosave_url(post), TYPED)

    assert response.status_code == 403
    assert response.json()["error"].startswith("You have been signed out, so this was not saved.")
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    ("user_kind", "new"),
    [
        ("reader", False),
        ("reader", True),
        ("staff who may only view posts", False),
        ("staff who may change but not add posts", True),
        ("staff who may only view posts", True),
    ],
)
def test_people_who_may_not_edit_the_post_are_refused(user_kind, new):
    user = {
        "reader": lambda: make_user("reader", perms=["posts.change_post", "posts.add_post"]),
        "staff who may only view posts": lambda: staff_user("viewer", perms=["posts.view_post"]),
        "staff who may change but not add posts": lambda: staff_user(
            "changer", perms=["posts.change_post"]
        ),
    }[user_kind]()
    post = None if new else make_post()
    client = client_for(user)

    for response in (client.post(autosave_url(post), TYPED), client.get(autosave_url(post))):
        assert response.status_code == 403
        assert response.json() == {"error": "You do not have permission to edit this post."}
    assert not Autosave.objects.exists()


def test_staff_who_may_change_posts_may_autosave_an_existing_one():
    client = client_for(staff_user("changer", perms=["posts.change_post"]))

    assert client.post(autosave_url(make_post()), TYPED).status_code == 200


def test_an_unknown_post_is_not_found(autosave_writer_client):
    response = autosave_writer_client.post(reverse("editing:autosave", args=[999_999]), TYPED)

    assert response.status_code == 404
    assert response.json() == {"error": "There is no post with this number."}


def test_an_autosave_without_the_csrf_token_is_refused():
    post = make_post()
    client = client_for(staff_user("writer", perms=WRITER_PERMS), enforce_csrf_checks=True)

    response = client.post(autosave_url(post), TYPED)

    assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_an_autosave_with_the_pages_csrf_token_is_accepted():
    post = make_post()
    client = client_for(staff_user("writer", perms=WRITER_PERMS), enforce_csrf_checks=True)
    client.get(reverse("admin:posts_post_change", args=[post.pk]))
    token = client.cookies["csrftoken"].value

    response = client.post(autosave_url(post), {**TYPED, "csrfmiddlewaretoken": token})

    assert response.status_code == 200


def test_a_too_large_autosave_is_refused_and_keeps_the_earlier_one(
    settings, autosave_writer_client
):
    settings.CEOBLOG_AUTOSAVE_MAX_BYTES = 2_000
    post = make_post()
    autosave_writer_client.post(autosave_url(post), {"title": "Earlier"})

    response = autosave_writer_client.post(
        autosave_url(post), {"title": "Later", "body": "x" * 3_000}
    )

    assert response.status_code == 413
    assert response.json()["error"] == (
        "This post is too long to autosave. Save it with the form's buttons instead."
    )
    assert Autosave.objects.get().title == "Earlier"


def test_a_body_beyond_the_sites_request_limit_is_a_400_not_a_500(settings, autosave_writer_client):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = autosave_writer_client.post(autosave_url(), {"body": "x" * 2_000})

    assert response.status_code == 400
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (json.dumps(TYPED), "application/json"),
        ("", "application/x-www-form-urlencoded"),
        ("csrfmiddlewaretoken=abc&status=published", "application/x-www-form-urlencoded"),
        ("--nope\r\nnot a part", "multipart/form-data; boundary=nope"),
    ],
    ids=["json", "empty", "no known field", "broken multipart"],
)
def test_a_malformed_autosave_is_a_400(autosave_writer_client, body, content_type):
    response = autosave_writer_client.post(autosave_url(), body, content_type=content_type)

    assert response.status_code == 400
    assert not Autosave.objects.exists()


def test_a_nul_character_is_refused_with_the_field_named(autosave_writer_client):
    response = autosave_writer_client.post(
        autosave_url(), {"title": "Bad\x00title", "body": "<p>Ok</p>"}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "This could not be autosaved."
    assert "title" in response.json()["fields"]
    assert not Autosave.objects.exists()


def test_very_long_values_are_kept_whole(autosave_writer_client):
    long_title = "A title far longer than a post allows " * 20

    response = autosave_writer_client.post(autosave_url(), {"title": long_title, "slug": "s" * 500})

    assert response.status_code == 200
    assert Autosave.objects.get().title == long_title


def test_deleting_needs_a_post_request(autosave_writer_client):
    assert autosave_writer_client.get(reverse("editing:autosave-new-discard")).status_code == 405


# --- Saving the form clears the autosave -------------------------------------------------------


def test_saving_a_post_in_the_form_clears_the_savers_autosave_only(
    autosave_writer, autosave_writer_client
):
    post = make_post()
    autosave_writer_client.post(autosave_url(post), {"title": "Mine"})
    colleague = client_for(staff_user("colleague", perms=WRITER_PERMS))
    colleague.post(autosave_url(post), {"title": "Theirs"})

    response = autosave_writer_client.post(
        reverse("admin:posts_post_change", args=[post.pk]), post_form_data(post)
    )

    assert response.status_code == 302
    assert list(Autosave.objects.values_list("title", flat=True)) == ["Theirs"]


def test_adding_a_post_clears_the_new_posts_autosave(autosave_writer, autosave_writer_client):
    autosave_writer_client.post(autosave_url(), {"title": "Thank you, Ashford library team"})
    data = post_form_data(author=str(make_user("ceo", perms=["posts.add_post"]).pk))

    response = autosave_writer_client.post(reverse("admin:posts_post_add"), data)

    assert response.status_code == 302
    assert Post.objects.filter(title="Thank you, Ashford library team").exists()
    assert not Autosave.objects.exists()


def test_a_form_with_errors_keeps_the_autosave(autosave_writer_client):
    post = make_post()
    autosave_writer_client.post(autosave_url(post), {"title": "Kept"})

    response = autosave_writer_client.post(
        reverse("admin:posts_post_change", args=[post.pk]), post_form_data(post, title="")
    )

    assert response.status_code == 200
    assert Autosave.objects.get().title == "Kept"
    # What the form shows was typed, not saved: leaving it must ask first.
    assert script_settings(response)["unsaved"] == "true"


# --- Offered back on the add and change pages ----------------------------------------------------


def test_the_change_page_offers_an_autosave_newer_than_the_post(autosave_writer_client):
    post = make_post()
    autosave_writer_client.post(autosave_url(post), {"title": "Better words"})
    saved_at = timezone.localtime(Autosave.objects.get().saved_at)

    found = script_settings(
        autosave_writer_client.get(reverse("admin:posts_post_change", args=[post.pk]))
    )

    assert found["offer"] == (
        f"There is an autosave of this post from {saved_at:%H:%M} today, newer than the "
        "version below."
    )
    assert found["autosave-url"] == autosave_url(post)
    assert found["discard-url"] == reverse("editing:autosave-discard", args=[post.pk])
    assert found["presence-url"] == reverse("editing:presence", args=[post.pk])
    assert (found["autosave-seconds"], found["heartbeat-seconds"]) == ("20", "30")
    assert found["csrf-cookie"] == "csrftoken"


def test_the_add_page_offers_a_new_posts_autosave(autosave_writer_client):
    autosave_writer_client.post(autosave_url(), {"title": "Half a post"})

    found = script_settings(autosave_writer_client.get(reverse("admin:posts_post_add")))

    assert found["offer"].startswith("There is an autosave of a new post you had not saved, from ")
    assert found["autosave-url"] == autosave_url()
    assert "presence-url" not in found


def test_an_autosave_older_than_the_posts_last_save_is_not_offered(autosave_writer_client):
    post = make_post()
    autosave_writer_client.post(autosave_url(post), {"title": "Old words"})
    Autosave.objects.update(saved_at=timezone.now() - timedelta(hours=1))

    found = script_settings(
        autosave_writer_client.get(reverse("admin:posts_post_change", args=[post.pk]))
    )

    assert found is not None
    assert "offer" not in found


def test_an_autosave_holding_what_the_post_holds_is_not_offered(autosave_writer_client):
    post = make_post(tags=["Thanks"])
    autosave_writer_client.post(
        autosave_url(post),
        {
            "title": post.title,
            "slug": post.slug,
            "body": post.body,
            "excerpt": post.excerpt,
            "tags": "Thanks",
        },
    )

    found = script_settings(
        autosave_writer_client.get(reverse("admin:posts_post_change", args=[post.pk]))
    )

    assert "offer" not in found


def test_no_autosave_means_no_offer(autosave_writer_client):
    found = script_settings(autosave_writer_client.get(reverse("admin:posts_post_add")))

    assert found is not None
    assert "offer" not in found
    assert "unsaved" not in found


def test_people_who_may_only_view_a_post_get_no_editing_script():
    post = make_post()
    client = client_for(staff_user("viewer", perms=["posts.view_post"]))

    response = client.get(reverse("admin:posts_post_change", args=[post.pk]))

    assert response.status_code == 200
    assert script_settings(response) is None


def test_the_editing_script_is_a_static_file_under_the_strict_policy(autosave_writer_client):
    response = autosave_writer_client.get(reverse("admin:posts_post_change", args=[make_post().pk]))

    assert "editing/editing.css" in response.text
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# --- Old autosaves go away ---------------------------------------------------------------------


def test_autosaves_older_than_the_keeping_time_go_when_anyone_autosaves(
    settings, autosave_writer_client
):
    settings.CEOBLOG_AUTOSAVE_KEEP_DAYS = 30
    post = make_post()
    colleague = client_for(staff_user("colleague", perms=WRITER_PERMS))
    colleague.post(autosave_url(post), {"title": "Forgotten"})
    colleague.post(autosave_url(), {"title": "Recent"})
    Autosave.objects.filter(title="Forgotten").update(saved_at=timezone.now() - timedelta(days=31))

    autosave_writer_client.post(autosave_url(post), {"title": "Today"})

    assert sorted(Autosave.objects.values_list("title", flat=True)) == ["Recent", "Today"]


def test_the_cleanup_command_deletes_old_autosaves(settings, autosave_writer_client, capsys):
    settings.CEOBLOG_AUTOSAVE_KEEP_DAYS = 7
    autosave_writer_client.post(autosave_url(), {"title": "New"})
    autosave_writer_client.post(autosave_url(make_post()), {"title": "Old"})
    Autosave.objects.filter(title="Old").update(saved_at=timezone.now() - timedelta(days=8))

    call_command("delete_old_autosaves")

    assert list(Autosave.objects.values_list("title", flat=True)) == ["New"]
    assert capsys.readouterr().out == "Deleted 1 autosaves older than 7 days.\n"


def test_deleting_a_post_deletes_its_autosaves(autosave_writer_client):
    post = make_post()
    autosave_writer_client.post(autosave_url(post), {"title": "Edit"})

    post.delete()

    assert not Autosave.objects.exists()


# --- Words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        ("2026-03-09 10:42", "10:42 today"),
        ("2026-03-08 16:05", "16:05 yesterday"),
        ("2026-03-02 09:00", "09:00 on Monday 2 March 2026"),
    ],
)
def test_times_are_said_as_a_person_would(moment, words):
    def local(text):
        return timezone.make_aware(timezone.datetime.fromisoformat(text))

    assert when_in_words(local(moment), now=local("2026-03-09 18:00")) == words


# --- Hostile values ------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.dictionaries(
        st.sampled_from([*Autosave.FIELDS, "post", "user", "saved_at", "csrfmiddlewaretoken"]),
        st.one_of(st.text(max_size=300), st.sampled_from(["\x00", "é🙂", "<script>x</script>"])),
    )
)
def test_any_values_are_autosaved_or_refused_in_words_never_a_500(values):
    fuzzer, _ = get_user_model().objects.get_or_create(
        username="fuzzer", defaults={"is_staff": True, "is_superuser": True}
    )
    client = client_for(fuzzer)
    with transaction.atomic():
        response = client.post(autosave_url(), values)
        transaction.set_rollback(True)

    assert response.status_code in {200, 400}
    assert ("error" in response.json()) == (response.status_code == 400)

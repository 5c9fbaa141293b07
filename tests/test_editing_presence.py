"""Who else has a post open: a heartbeat from each open change page, kept in the database."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editing.models import Presence
from editing.words import others_sentence
from tests.helpers import WRITER_PERMS, make_post, make_user, staff_user

pytestmark = pytest.mark.django_db


def heartbeat(client, post, sent_at=None):
    data = {} if sent_at is None else {"sent_at": sent_at}
    return client.post(reverse("editing:presence", args=[post.pk]), data)


def goodbye(client, post, sent_at=None):
    data = {} if sent_at is None else {"sent_at": sent_at}
    return client.post(reverse("editing:presence-end", args=[post.pk]), data)


def writer_client(username, first_name, last_name):
    client = Client()
    client.force_login(
        staff_user(username, perms=WRITER_PERMS)
        if not first_name
        else make_user(
            username,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
            perms=WRITER_PERMS,
        )
    )
    return client


@pytest.fixture
def robin():
    return writer_client("robin", "Robin", "Reader")


@pytest.fixture
def sam():
    return writer_client("sam", "Sam", "Chief")


def test_two_people_on_the_same_post_are_each_told_about_the_other(robin, sam):
    post = make_post()

    first = heartbeat(robin, post)
    second = heartbeat(sam, post)
    again = heartbeat(robin, post)

    assert first.status_code == 200
    assert first.json() == {"others": [], "message": ""}
    assert second.json()["message"] == "Robin Reader is also editing this post."
    assert again.json()["message"] == "Sam Chief is also editing this post."


def test_people_on_another_post_are_not_mentioned(robin, sam):
    heartbeat(robin, make_post())

    assert heartbeat(sam, make_post()).json()["others"] == []


def test_someone_who_closed_the_page_drops_off_at_once(robin, sam):
    post = make_post()
    heartbeat(robin, post)

    robin.post(reverse("editing:presence-end", args=[post.pk]))

    assert heartbeat(sam, post).json()["message"] == ""


def test_a_heartbeat_that_crossed_the_pages_goodbye_does_not_bring_the_person_back(robin, sam):
    post = make_post()
    heartbeat(robin, post, sent_at=1_767_225_600_000)
    # The page sent a heartbeat, then closed; the heartbeat reached the server last.
    assert goodbye(robin, post, sent_at=1_767_225_600_900).status_code == 200
    assert heartbeat(robin, post, sent_at=1_767_225_600_500).status_code == 200

    assert heartbeat(sam, post).json()["message"] == ""
    assert list(Presence.objects.values_list("user__username", flat=True)) == ["sam"]


def test_a_page_opened_after_the_goodbye_is_counted_again(robin, sam):
    post = make_post()
    goodbye(robin, post, sent_at=1_767_225_600_900)

    heartbeat(robin, post, sent_at=1_767_225_630_000)

    assert heartbeat(sam, post).json()["message"] == "Robin Reader is also editing this post."


@pytest.mark.parametrize("sent_at", ["soon", "-5", "1.5", "٣", "9" * 40])
@pytest.mark.parametrize("send", [heartbeat, goodbye])
def test_a_sent_at_that_is_not_a_time_is_refused_with_a_reason(robin, send, sent_at):
    response = send(robin, make_post(), sent_at=sent_at)

    assert response.status_code == 400
    assert response.json() == {
        "error": "sent_at must be a time in milliseconds, such as 1767225600000."
    }
    assert not Presence.objects.exists()


def test_someone_whose_page_stopped_beating_drops_off_after_three_missed_heartbeats(robin, sam):
    post = make_post()
    heartbeat(robin, post)
    Presence.objects.update(last_seen_at=timezone.now() - timedelta(seconds=80))
    assert heartbeat(sam, post).json()["others"] == ["Robin Reader"]

    Presence.objects.filter(user__username="robin").update(
        last_seen_at=timezone.now() - timedelta(seconds=95)
    )

    assert heartbeat(sam, post).json()["others"] == []


def test_long_gone_presences_are_deleted(robin, sam):
    post = make_post()
    heartbeat(robin, post)
    Presence.objects.update(last_seen_at=timezone.now() - timedelta(hours=1))

    heartbeat(sam, post)

    assert list(Presence.objects.values_list("user__username", flat=True)) == ["sam"]


def test_one_person_with_two_tabs_open_is_one_row_and_not_told_about_themselves(robin):
    post = make_post()
    heartbeat(robin, post)

    assert heartbeat(robin, post).json()["others"] == []
    assert Presence.objects.count() == 1


def test_a_name_is_the_full_name_or_else_the_username(robin):
    post = make_post()
    heartbeat(writer_client("nameless", "", ""), post)

    assert heartbeat(robin, post).json()["message"] == "nameless is also editing this post."


@pytest.mark.parametrize(
    ("names", "sentence"),
    [
        ([], ""),
        (["Robin Reader"], "Robin Reader is also editing this post."),
        (["Ali", "Robin"], "Ali and Robin are also editing this post."),
        (["Ali", "Bo", "Robin"], "Ali, Bo and Robin are also editing this post."),
    ],
)
def test_the_sentence_names_everyone(names, sentence):
    assert others_sentence(names) == sentence


def test_the_heartbeat_does_not_need_the_shared_cache(settings, robin, sam):
    # Redis may be down (issue 17): presences live in the database alone.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    post = make_post()
    heartbeat(robin, post)

    assert heartbeat(sam, post).json()["others"] == ["Robin Reader"]


@pytest.mark.parametrize("url_name", ["editing:presence", "editing:presence-end"])
def test_only_people_who_may_edit_the_post_can_say_they_have_it_open(url_name):
    post = make_post()
    viewer = Client()
    viewer.force_login(staff_user("viewer", perms=["posts.view_post"]))

    for client, status in ((Client(), 403), (viewer, 403)):
        assert client.post(reverse(url_name, args=[post.pk])).status_code == status
    assert not Presence.objects.exists()


def test_the_heartbeat_takes_only_post_requests(robin):
    assert robin.get(reverse("editing:presence", args=[make_post().pk])).status_code == 405


def test_a_heartbeat_for_an_unknown_post_is_not_found(robin):
    assert robin.post(reverse("editing:presence", args=[999_999])).status_code == 404

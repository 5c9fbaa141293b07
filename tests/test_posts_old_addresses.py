from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import OldAddress, Post
from tests.helpers import make_post, post_form_data, staff_user

pytestmark = pytest.mark.django_db


def edit(client, post, **changes):
    response = client.post(
        reverse("admin:posts_post_change", args=[post.pk]), post_form_data(post, **changes)
    )
    assert response.status_code == 302
    post.refresh_from_db()
    return post


def test_an_old_slug_answers_301_with_the_new_address(publisher_client):
    post = make_post(slug="gritting-thanks")
    old_url = post.get_absolute_url()
    edit(publisher_client, post, slug="thank-you-gritting-crews")

    response = publisher_client.get(old_url)

    assert response.status_code == 301
    assert response.url == post.get_absolute_url()
    assert response.url.endswith("/thank-you-gritting-crews/")


def test_an_old_date_answers_301_even_after_a_second_change(publisher_client):
    post = make_post(slug="spring-update", published_at=timezone.now() - timedelta(days=10))
    first_url = post.get_absolute_url()
    earlier = timezone.localtime(timezone.now() - timedelta(days=12))
    edit(publisher_client, post, published_at_0=earlier.strftime("%Y-%m-%d"))
    edit(publisher_client, post, slug="spring-news")

    response = publisher_client.get(first_url)

    assert response.status_code == 301
    assert response.url == post.get_absolute_url()


def test_readers_are_redirected_too_but_not_to_an_unpublished_post(client, publisher_client):
    post = make_post(slug="first-name")
    old_url = post.get_absolute_url()
    edit(publisher_client, post, slug="second-name")
    client.logout()
    client.force_login(staff_user("someone"))
    assert client.get(old_url).status_code == 301

    Post.objects.filter(pk=post.pk).update(status=Post.Status.UNPUBLISHED)
    assert client.get(old_url).status_code == 404


def test_renaming_a_draft_keeps_no_old_address(publisher_client):
    draft = make_post(slug="working-title", status=Post.Status.DRAFT)
    edit(publisher_client, draft, slug="final-title")
    assert not OldAddress.objects.exists()


def test_going_back_to_an_old_slug_makes_it_live_again(publisher_client):
    post = make_post(slug="one")
    edit(publisher_client, post, slug="two")
    edit(publisher_client, post, slug="one")

    assert publisher_client.get(post.get_absolute_url()).status_code == 200
    assert list(OldAddress.objects.values_list("path", flat=True)) == [
        post.get_absolute_url().replace("/one/", "/two/")
    ]

import pytest
from django.urls import reverse

from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db


def test_anonymous_reader_is_sent_to_sign_in_with_the_page_remembered(client):
    post = make_post()
    response = client.get(post.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={post.get_absolute_url()}"


def test_sign_in_page_is_open_and_in_the_site_design(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "<h1>Sign in</h1>" in response.text
    assert 'class="site-title"' in response.text


def test_wrong_password_is_explained_and_the_username_kept(client):
    make_user("robin")
    response = client.post("/login/", {"username": "robin", "password": "wrong"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Please enter a correct username and password" in response.text
    assert 'value="robin"' in response.text


def test_signing_in_returns_the_reader_to_the_page_they_wanted(client):
    post = make_post()
    make_user("robin")
    response = client.post(
        "/login/?next=" + post.get_absolute_url(),
        {"username": "robin", "password": "pw-for-tests", "next": post.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert client.get(post.get_absolute_url()).status_code == 200


def test_signing_out_needs_a_post_and_ends_the_session(reader_client):
    assert reader_client.get("/").status_code == 200
    response = reader_client.post("/logout/")
    assert response.status_code == 302
    assert reader_client.get("/").status_code == 302


def test_header_shows_who_is_signed_in_and_a_sign_out_button(reader_client):
    text = reader_client.get("/").text
    assert "Signed in as Robin Reader" in text
    assert '<button type="submit">Sign out</button>' in text


def test_with_login_not_required_anyone_on_the_network_reads(client, settings):
    # CEOBLOG_LOGIN_REQUIRED=false leaves this middleware out of the settings.
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name != "django.contrib.auth.middleware.LoginRequiredMiddleware"
    ]
    post = make_post(title="Open to all")
    assert "Open to all" in client.get(reverse("posts:index")).text
    assert client.get(post.get_absolute_url()).status_code == 200

"""Local passwords are at least 12 characters (issue 18, item 9; ASVS 2.1.1)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADD_USER = reverse("admin:auth_user_add")


def add_user(client, username, password):
    return client.post(
        ADD_USER,
        {
            "username": username,
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )


def test_an_eleven_character_password_is_refused_with_a_message(admin_client):
    response = add_user(admin_client, "newcomer", "Kx7#mq2Lp9z")

    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in response.text
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_a_twelve_character_password_is_accepted(admin_client):
    response = add_user(admin_client, "newcomer", "Kx7#mq2Lp9zW")

    assert response.status_code == 302
    assert get_user_model().objects.get(username="newcomer").check_password("Kx7#mq2Lp9zW")


def test_changing_a_password_to_a_short_one_is_refused(admin_client, django_user_model):
    user = django_user_model.objects.create_user("someone", password="a-long-enough-password")
    url = reverse("admin:auth_user_password_change", args=[user.pk])

    response = admin_client.post(url, {"password1": "Short#Pw123", "password2": "Short#Pw123"})

    assert "at least 12 characters" in response.text
    user.refresh_from_db()
    assert user.check_password("a-long-enough-password")

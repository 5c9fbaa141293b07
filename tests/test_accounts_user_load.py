"""The signed-in user is loaded from the database on every request, by accounts.backends.load_user.

It reads what Django's ModelBackend reads, with a statement put together once; these tests hold
it to the ORM's answer, and to Django's rules for who stays signed in.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.backends import load_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def model_fields(user):
    return {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}


def test_local_accounts_sign_in_through_the_backend_that_uses_it():
    assert "accounts.backends.PasswordBackend" in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.backends.ModelBackend" not in settings.AUTHENTICATION_BACKENDS


def test_it_reads_the_user_the_orm_reads_every_field_with_its_type():
    user = User.objects.create_user(
        "ajones", password="a-long-enough-password", first_name="Al", last_name="Jones"
    )
    User.objects.filter(pk=user.pk).update(last_login=timezone.now(), is_staff=True)

    loaded = load_user(user.pk)

    assert model_fields(loaded) == model_fields(User.objects.get(pk=user.pk))
    assert loaded.is_staff is True
    assert loaded.is_superuser is False
    assert timezone.is_aware(loaded.last_login)
    assert timezone.is_aware(loaded.date_joined)
    # A model as the ORM makes it: saved again, it updates its own row.
    loaded.first_name = "Alex"
    loaded.save(update_fields=["first_name"])
    assert User.objects.get(pk=user.pk).first_name == "Alex"


@pytest.mark.parametrize("user_id", [987654, "987654", "not-a-number", "", None])
def test_an_unknown_or_malformed_id_loads_nobody(user_id):
    assert load_user(user_id) is None


def test_a_signed_in_page_loads_the_user_with_one_statement_and_no_limit(client, reader):
    client.force_login(reader)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")

    assert "Signed in as" in response.text
    user_reads = [q["sql"] for q in captured if 'FROM "auth_user"' in q["sql"]]
    # Django's get() asks for LIMIT 21 to report duplicates; a primary key has none.
    assert len(user_reads) == 1
    assert "LIMIT" not in user_reads[0].upper()
    assert user_reads[0].rstrip().endswith(f'WHERE "id" = {reader.pk}')


def test_a_leaver_signed_in_locally_is_signed_out_on_the_next_request(client, reader):
    client.force_login(reader)
    assert "Signed in as" in client.get("/").text

    User.objects.filter(pk=reader.pk).update(is_active=False)

    response = client.get("/")
    assert response.wsgi_request.user.is_anonymous
    assert "Signed in as" not in response.text


def test_a_session_signed_in_before_the_backend_changed_asks_for_a_new_sign_in(client, reader):
    # Sessions name the backend that signed them in; Django loads nobody for a backend the
    # settings no longer list (docs/it.md, "Upgrade").
    client.force_login(reader, backend="accounts.backends.PasswordBackend")
    session = client.session
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session.save()

    response = client.get("/")

    assert response.status_code in (200, 302)
    assert response.wsgi_request.user.is_anonymous

"""Single sign-on through a real OpenID Connect provider running on 127.0.0.1."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.oidc import forget_provider_metadata
from accounts.services import user_anonymise
from accounts.views import ACCOUNT_CLOSED, SIGN_IN_FAILED
from pagecache.models import ContentVersion
from readership.models import Directorate
from tests.helpers import make_comment, make_post, make_user
from tests.oidc import (
    CLIENT_ID,
    CLIENT_SECRET,
    DIRECTORY,
    ROLE_MAP,
    DirectoryProvider,
    approve_at_provider,
    sign_in_with_work_account,
    with_query,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    running = DirectoryProvider(tmp_path_factory.mktemp("oidc-provider"))
    yield running
    running.stop()


@pytest.fixture
def sso(settings, provider):
    """Configure ceoblog for the test provider, as the environment variables would."""
    settings.CEOBLOG_OIDC_ENABLED = True
    settings.OIDC_DISCOVERY_URL = provider.discovery_url
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.CEOBLOG_OIDC_ROLE_MAP = ROLE_MAP
    settings.AUTHENTICATION_BACKENDS = [
        "accounts.backends.LockoutBackend",
        "accounts.backends.OIDCBackend",
        "accounts.backends.PasswordBackend",
    ]
    provider.set_directory(DIRECTORY)
    forget_provider_metadata()
    yield provider
    forget_provider_metadata()


def signed_in_user(client):
    return client.get("/").wsgi_request.user


def test_first_sign_in_creates_the_user_with_name_email_and_role(client, sso):
    response = sign_in_with_work_account(client, "jsmith")

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(username="jsmith")
    assert user.get_full_name() == "Jo Smith"
    assert user.email == "jo.smith@council.example"
    assert [group.name for group in user.groups.all()] == ["Communications"]
    assert not user.has_usable_password()
    assert signed_in_user(client) == user
    assert "Signed in as Jo Smith" in client.get("/").text


def test_a_changed_group_changes_the_role_at_the_next_sign_in(client, sso):
    sign_in_with_work_account(client, "jsmith")
    client.post("/logout/")
    sso.set_directory(
        {**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "groups": ["Blog-Moderators"]}}
    )

    sign_in_with_work_account(client, "jsmith")

    user = User.objects.get(username="jsmith")
    assert [group.name for group in user.groups.all()] == ["Moderators"]
    assert User.objects.filter(username="jsmith").count() == 1


def test_provider_admin_group_makes_an_administrator_until_it_is_removed(client, sso):
    sso.set_directory({**DIRECTORY, "apatel": {**DIRECTORY["apatel"], "groups": ["Blog-Admins"]}})
    sign_in_with_work_account(client, "apatel")
    user = User.objects.get(username="apatel")
    assert (user.is_staff, user.is_superuser) == (True, True)
    assert client.get("/admin/").status_code == 200

    client.post("/logout/")
    sso.set_directory(DIRECTORY)
    sign_in_with_work_account(client, "apatel")

    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)


def test_a_role_with_admin_permissions_gives_access_to_the_admin(client, sso):
    communications = Group.objects.get(name="Communications")
    communications.permissions.add(Permission.objects.get(codename="change_post"))

    sign_in_with_work_account(client, "jsmith")

    assert User.objects.get(username="jsmith").is_staff
    assert client.get("/admin/posts/post/").status_code == 200


def test_a_person_mapped_to_communications_can_write_posts_with_no_setup_roles(client, sso):
    # Only migrate has run: it sets up the roles, so the mapped group already has its rights.
    sign_in_with_work_account(client, "jsmith")

    assert client.get("/admin/posts/post/add/").status_code == 200


def test_groups_given_in_ceoblog_are_kept_at_sign_in(client, sso, settings):
    settings.CEOBLOG_OIDC_LINK_EXISTING = "verified-email"
    sso.set_directory({**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "email_verified": True}})
    user = User.objects.create_user("jsmith", email="jo.smith@council.example")
    user.groups.add(Group.objects.create(name="Newsletter team"))

    sign_in_with_work_account(client, "jsmith")

    names = sorted(group.name for group in User.objects.get(username="jsmith").groups.all())
    assert names == ["Communications", "Newsletter team"]
    assert User.objects.count() == 1


def test_a_forged_state_is_refused(client, sso):
    start = client.get("/oidc/authenticate/")
    callback_url = approve_at_provider(start["Location"], "jsmith")
    forged = with_query(callback_url, state="forged-by-an-attacker")

    response = client.get(forged.removeprefix("http://testserver"), follow=True)

    assert response.redirect_chain[0] == ("/login/", 302)
    assert SIGN_IN_FAILED in response.text
    assert not signed_in_user(client).is_authenticated
    assert not User.objects.filter(username="jsmith").exists()


def test_a_callback_replayed_in_another_browser_is_refused(client, sso, django_user_model):
    from django.test import Client

    start = client.get("/oidc/authenticate/")
    callback_url = approve_at_provider(start["Location"], "jsmith")
    other_browser = Client()

    response = other_browser.get(callback_url.removeprefix("http://testserver"))

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert not django_user_model.objects.filter(username="jsmith").exists()


def test_an_id_token_with_another_nonce_is_refused(client, sso):
    response = sign_in_with_work_account(client, "jsmith", tamper={"nonce": "nonce-of-attacker"})

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert SIGN_IN_FAILED in client.get("/login/").text
    assert not signed_in_user(client).is_authenticated
    assert not User.objects.filter(username="jsmith").exists()


@pytest.mark.parametrize("rule", ["off", "verified-email"])
def test_a_local_administrator_is_never_taken_over(client, sso, settings, rule):
    settings.CEOBLOG_OIDC_LINK_EXISTING = rule
    sso.set_directory({**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "email_verified": True}})
    admin = User.objects.create_superuser("jsmith", "jo.smith@council.example", "break-glass-pw")

    response = sign_in_with_work_account(client, "jsmith")

    # The person at the provider gets an account of their own, with a name nobody has.
    assert response["Location"] == "/"
    assert signed_in_user(client).username == "jsmith-2"
    assert not signed_in_user(client).is_superuser
    admin.refresh_from_db()
    assert admin.check_password("break-glass-pw")
    assert (admin.first_name, admin.is_superuser) == ("", True)
    assert not hasattr(admin, "external_identity")


def test_a_deactivated_user_cannot_sign_in_or_stay_signed_in(client, sso):
    sign_in_with_work_account(client, "jsmith")
    User.objects.filter(username="jsmith").update(is_active=False)

    assert not signed_in_user(client).is_authenticated
    response = sign_in_with_work_account(client, "jsmith")
    assert response["Location"] == "/login/"


def test_sign_out_ends_the_session_at_the_provider_too(client, sso):
    sign_in_with_work_account(client, "jsmith")

    response = client.post("/logout/")

    assert response.status_code == 302
    destination = urlsplit(response["Location"])
    assert f"{destination.scheme}://{destination.netloc}{destination.path}" == (
        f"{sso.issuer}/logout/"
    )
    query = parse_qs(destination.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/login/"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["id_token_hint"][0].count(".") == 2
    assert not signed_in_user(client).is_authenticated


def test_local_sign_out_stays_on_the_site(client, sso):
    client.force_login(make_user("localreader"))

    response = client.post("/logout/")

    assert response["Location"] == "/login/"


def test_sign_in_page_offers_the_work_account_first(client, sso):
    response = client.get("/login/?next=/2024/")

    assert "Sign in with your work account" in response.text
    assert 'href="/oidc/authenticate/?next=/2024/"' in response.text
    assert "<details" in response.text
    assert "Sign in with a local account (administrators only)" in response.text


def test_sign_in_page_without_single_sign_on_shows_only_the_local_form(client):
    response = client.get("/login/")

    assert "work account" not in response.text
    assert "<details" not in response.text
    assert 'name="password"' in response.text


def test_single_sign_on_addresses_are_not_found_when_it_is_not_set_up(client):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_an_unreachable_provider_gives_a_message_not_an_error(client, sso, settings):
    settings.OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    forget_provider_metadata()

    response = client.get("/oidc/authenticate/", follow=True)

    assert response.redirect_chain == [("/login/", 302)]
    assert "not available at the moment" in response.text


# --- Leavers stay anonymous; no account is taken over (issue 18, item 1) ----------------------


def test_an_anonymised_leaver_signing_on_again_stays_anonymous(client, sso):
    sign_in_with_work_account(client, "jsmith")
    client.post("/logout/")
    leaver = User.objects.get(username="jsmith")
    post = make_post(title="Thanks to the library team")
    make_comment(post=post, author=leaver, body="Well done, everyone.")
    user_anonymise(user=leaver, actor=make_user("itdesk"), remove_comments=False)

    sign_in_with_work_account(client, "jsmith")

    leaver.refresh_from_db()
    assert (leaver.username, leaver.get_full_name(), leaver.email) == (
        f"former-staff-{leaver.pk}",
        "Former member of staff",
        "",
    )
    assert not leaver.is_active
    assert not hasattr(leaver, "external_identity")
    # The link was cut at anonymisation: the person is a stranger to the old account.
    assert signed_in_user(client) != leaver
    client.post("/logout/")
    client.force_login(make_user("colleague"))
    page = client.get(post.get_absolute_url()).text
    assert "Former member of staff" in page
    assert "Jo Smith" not in page


def test_a_deactivated_account_gets_nothing_written_by_its_next_sign_on(client, sso):
    sign_in_with_work_account(client, "jsmith")
    client.post("/logout/")
    User.objects.filter(username="jsmith").update(
        is_active=False, first_name="Closed", last_name="Account", email=""
    )
    sso.set_directory({**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "groups": ["Blog-Admins"]}})

    response = sign_in_with_work_account(client, "jsmith")

    assert response["Location"] == "/login/"
    assert ACCOUNT_CLOSED in client.get("/login/").text
    user = User.objects.get(username="jsmith")
    assert (user.get_full_name(), user.email, user.is_superuser) == ("Closed Account", "", False)
    assert [group.name for group in user.groups.all()] == ["Communications"]
    assert not signed_in_user(client).is_authenticated


@pytest.fixture
def local_editor(db):
    """The local "editor" account, in Communications, with a password of its own."""
    editor = User.objects.create_user(
        "editor", email="editor@council.example", password="a-local-password-of-its-own"
    )
    editor.groups.add(Group.objects.get(name="Communications"))
    return editor


@pytest.mark.parametrize("rule", ["off", "verified-email"])
def test_a_claim_for_editor_at_any_case_never_takes_the_editor_account(
    client, sso, settings, local_editor, rule
):
    settings.CEOBLOG_OIDC_LINK_EXISTING = rule

    response = sign_in_with_work_account(client, "editor")

    assert response["Location"] == "/"
    newcomer = signed_in_user(client)
    assert newcomer != local_editor
    assert (newcomer.username, newcomer.get_full_name()) == ("editor-2", "Mal Lory")
    assert list(newcomer.groups.all()) == []
    local_editor.refresh_from_db()
    assert local_editor.check_password("a-local-password-of-its-own")
    assert local_editor.email == "editor@council.example"
    assert not hasattr(local_editor, "external_identity")


def test_with_linking_off_an_account_without_password_is_not_linked_by_email(client, sso):
    waiting = User.objects.create_user("jo", email="JO.SMITH@council.example")
    sso.set_directory({**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "email_verified": True}})

    sign_in_with_work_account(client, "jsmith")

    assert signed_in_user(client).username == "jsmith"
    assert signed_in_user(client) != waiting
    assert not hasattr(User.objects.get(pk=waiting.pk), "external_identity")


@pytest.mark.parametrize("verified", [None, False, "false"])
def test_an_unverified_email_links_nothing_even_when_linking_is_on(client, sso, settings, verified):
    settings.CEOBLOG_OIDC_LINK_EXISTING = "verified-email"
    waiting = User.objects.create_user("jo", email="jo.smith@council.example")
    entry = {**DIRECTORY["jsmith"]}
    if verified is not None:
        entry["email_verified"] = verified
    sso.set_directory({**DIRECTORY, "jsmith": entry})

    sign_in_with_work_account(client, "jsmith")

    assert signed_in_user(client).username == "jsmith"
    assert signed_in_user(client) != waiting


def test_a_verified_email_links_the_one_account_waiting_without_a_password(client, sso, settings):
    settings.CEOBLOG_OIDC_LINK_EXISTING = "verified-email"
    waiting = User.objects.create_user("jo", email="Jo.Smith@council.example")
    sso.set_directory({**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "email_verified": True}})

    sign_in_with_work_account(client, "jsmith")

    assert signed_in_user(client) == waiting
    waiting.refresh_from_db()
    assert (waiting.username, waiting.get_full_name()) == ("jo", "Jo Smith")
    assert waiting.external_identity.subject


def test_two_accounts_with_the_verified_address_link_nothing(client, sso, settings):
    settings.CEOBLOG_OIDC_LINK_EXISTING = "verified-email"
    first = User.objects.create_user("jo", email="jo.smith@council.example")
    second = User.objects.create_user("josmith", email="JO.SMITH@council.example")
    sso.set_directory({**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "email_verified": True}})

    sign_in_with_work_account(client, "jsmith")

    assert signed_in_user(client) not in (first, second)
    assert signed_in_user(client).username == "jsmith"


def test_signing_in_by_single_sign_on_renews_no_cached_page(client, sso):
    sign_in_with_work_account(client, "jsmith")
    assert signed_in_user(client).username == "jsmith"  # a cached page read: both versions
    client.post("/logout/")
    versions = dict(ContentVersion.objects.values_list("pk", "token"))

    sign_in_with_work_account(client, "jsmith")

    assert dict(ContentVersion.objects.values_list("pk", "token")) == versions
    assert signed_in_user(client).username == "jsmith"


def directorate_of(username):
    return (
        Directorate.objects.filter(user__username=username).values_list("name", flat=True).first()
    )


def test_the_directorate_comes_from_the_claim_the_setting_names(client, sso, settings):
    settings.CEOBLOG_OIDC_DIRECTORATE_CLAIM = "department"
    sso.set_directory(
        {**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "department": "  Adult Social Care "}}
    )
    sign_in_with_work_account(client, "jsmith")
    assert directorate_of("jsmith") == "Adult Social Care"
    client.post("/logout/")

    sso.set_directory({**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "department": "Place"}})
    sign_in_with_work_account(client, "jsmith")

    assert directorate_of("jsmith") == "Place"


def test_without_the_setting_no_directorate_is_read(client, sso):
    sso.set_directory({**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "department": "Place"}})

    sign_in_with_work_account(client, "jsmith")

    assert directorate_of("jsmith") is None


def test_signing_in_with_the_same_directorate_writes_nothing_and_renews_no_page(
    client, sso, settings
):
    settings.CEOBLOG_OIDC_DIRECTORATE_CLAIM = "department"
    sso.set_directory({**DIRECTORY, "jsmith": {**DIRECTORY["jsmith"], "department": "Place"}})
    sign_in_with_work_account(client, "jsmith")
    client.post("/logout/")
    versions = dict(ContentVersion.objects.values_list("pk", "token"))

    with CaptureQueriesContext(connection) as captured:
        sign_in_with_work_account(client, "jsmith")

    writes = [
        query["sql"]
        for query in captured.captured_queries
        if "readership_directorate" in query["sql"] and not query["sql"].startswith("SELECT")
    ]
    assert writes == []
    assert directorate_of("jsmith") == "Place"
    assert dict(ContentVersion.objects.values_list("pk", "token")) == versions

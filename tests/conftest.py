import pytest

from tests.helpers import make_post, make_user  # noqa: F401  (re-exported for tests)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hash test passwords cheaply: the real hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploads made by any test in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reader(db):
    return make_user("reader", first_name="Robin", last_name="Reader")


@pytest.fixture
def editor(db):
    return make_user("editor", first_name="Eddie", last_name="Editor", perms=["posts.change_post"])


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords quickly: the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

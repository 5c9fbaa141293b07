import pytest

from tests.helpers import make_post

pytestmark = pytest.mark.django_db


def test_home_page_lists_a_published_post(reader_client):
    make_post(title="Hello staff")
    response = reader_client.get("/")
    assert response.status_code == 200
    assert "Hello staff" in response.text

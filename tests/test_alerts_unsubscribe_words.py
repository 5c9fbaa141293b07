"""The unsubscribe page names, in plain English, the emails it stops."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from tests.helpers import make_subscription

pytestmark = pytest.mark.django_db


def page_sentence(response):
    """Return the page's paragraph about what is stopped, as a reader would read it."""
    paragraph = re.search(r"<p>(This stops.*?)</p>", response.text, re.S).group(1)
    return " ".join(strip_tags(paragraph).split())


@pytest.mark.parametrize(
    ("frequency", "sentence"),
    [
        (
            "immediate",
            "This stops the email you get about each new post, sent to {email}.",
        ),
        ("weekly", "This stops the weekly digest of new posts, sent to {email}."),
    ],
)
def test_the_unsubscribe_page_says_which_emails_stop(client, frequency, sentence):
    subscription = make_subscription(frequency=frequency)

    response = client.get(
        reverse("alerts:unsubscribe", kwargs={"token": subscription.unsubscribe_token})
    )

    assert response.status_code == 200
    assert page_sentence(response) == sentence.format(email=subscription.user.email)
    assert "the an " not in response.text

"""Each address in an image's srcset is checked like its src: script and data addresses go."""

import pytest

from tests.helpers import make_post

pytestmark = pytest.mark.django_db

GOOD_SRCSET = "/media/renditions/7/a-480w.jpg 480w, https://www.example.gov.uk/b.jpg 800w"


@pytest.mark.parametrize(
    "srcset",
    [
        "javascript:alert(1) 1x",
        "JaVaScRiPt:alert(document.domain) 2x",
        " javascript:alert(1)",
        "java&#x09;script:alert(1) 1x",
        "&#106;avascript:alert(1) 1x",
        "vbscript:msgbox(1) 1x",
        "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+ 1x",
        "/media/renditions/7/a-480w.jpg 480w, javascript:alert(1) 800w",
        "/media/renditions/7/a-480w.jpg 480w,javascript:alert(1) 800w",
    ],
)
def test_a_srcset_with_a_script_or_data_address_is_removed(srcset):
    post = make_post(body=f'<p>Text.</p><img src="/media/a.jpg" srcset="{srcset}" alt="A van">')

    assert "srcset" not in post.body
    assert "script" not in post.body.lower()
    assert "data:" not in post.body
    assert '<img src="/media/a.jpg" alt="A van">' in post.body


def test_a_srcset_of_ordinary_addresses_is_kept(reader_client):
    post = make_post(
        body=f'<img src="/media/a.jpg" srcset="{GOOD_SRCSET}" sizes="100vw" alt="A van">'
    )

    page = reader_client.get(post.get_absolute_url())

    assert page.status_code == 200
    assert f'srcset="{GOOD_SRCSET}"' in page.text

"""Embedded players (issue 15): only the site's hosts, always with the same safe attributes, the
CSP's frame-src from the same list, and an embed without a title is flagged before publishing."""

import pytest

from checks.analysis import analyse
from posts.sanitize import sanitize_html
from tests.helpers import make_post
from tests.test_settings import run_django

EDITOR_MAKES = (
    '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
    'title="Video: the budget in two minutes" width="560" height="315"></iframe>'
)
KEPT = (
    '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
    'title="Video: the budget in two minutes" width="560" height="315" '
    'referrerpolicy="strict-origin-when-cross-origin" loading="lazy" allowfullscreen=""></iframe>'
)


def test_the_editors_player_is_kept_with_the_sites_own_attributes():
    assert sanitize_html(EDITOR_MAKES) == KEPT
    # Saving it again changes nothing.
    assert sanitize_html(KEPT) == KEPT


@pytest.mark.parametrize(
    "src",
    [
        "https://evil.example/embed/x",
        "http://www.youtube-nocookie.com/embed/x",
        "https://www.youtube.com/embed/x",
        "javascript:alert(1)",
        "//www.youtube-nocookie.com/embed/x",
        "https://www.youtube-nocookie.com.evil.example/embed/x",
        "https://user@www.youtube-nocookie.com/embed/x",
        "https://www.youtube-nocookie.com:8443/embed/x",
        "https://www.youtube-nocookie.com\\@evil.example/",
        "data:text/html,<script>alert(1)</script>",
        "",
    ],
)
def test_any_other_iframe_is_removed_with_what_is_inside_it(src):
    body = f'<p>Before</p><iframe src="{src}" title="T"><p>Inside</p></iframe><p>After</p>'
    assert sanitize_html(body) == "<p>Before</p><p>After</p>"


def test_only_the_known_attributes_survive_and_nothing_inside():
    given = (
        '<iframe src="https://player.vimeo.com/video/42" title="A film" width="100%" '
        'height="315" srcdoc="<script>x()</script>" sandbox="" allow="camera; microphone" '
        'onload="x()" style="position:fixed">fallback <a href="https://x.example">x</a></iframe>'
    )
    assert sanitize_html(given) == (
        '<iframe src="https://player.vimeo.com/video/42" title="A film" height="315" '
        'referrerpolicy="strict-origin-when-cross-origin" loading="lazy" '
        'allowfullscreen=""></iframe>'
    )


def test_the_hosts_are_the_sites_setting(settings):
    settings.CEOBLOG_EMBED_HOSTS = ["video.council.example"]
    kept = sanitize_html('<iframe src="https://video.council.example/v/7" title="T"></iframe>')
    gone = sanitize_html(EDITOR_MAKES)
    assert kept.startswith('<iframe src="https://video.council.example/v/7"')
    assert gone == ""


@pytest.mark.django_db
def test_pages_allow_frames_from_the_embed_hosts_only(reader_client):
    post = make_post(body=EDITOR_MAKES)
    response = reader_client.get(post.get_absolute_url())

    assert KEPT in response.text
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["frame-src"] == "https://www.youtube-nocookie.com https://player.vimeo.com"


def test_the_frame_src_is_built_from_the_environments_list():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CEOBLOG_EMBED_HOSTS, "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['frame-src'])"
    )
    chosen = run_django(
        {"DJANGO_DEBUG": "true", "CEOBLOG_EMBED_HOSTS": "Video.Council.example, "}, code
    )
    empty = run_django({"DJANGO_DEBUG": "true", "CEOBLOG_EMBED_HOSTS": ","}, code)
    assert chosen.stdout.strip() == "['video.council.example'] ['https://video.council.example']"
    assert empty.stdout.strip() == "[] [\"'none'\"]"


def findings(body):
    result = analyse(
        title="A film",
        body="<p>Watch the film of the staff briefing here.</p>" + body,
        excerpt="The film.",
        featured_photo=None,
        tags=["news"],
    )
    return [(finding.code, finding.where) for finding in result.findings if finding.blocking]


def test_an_embed_without_a_title_blocks_publishing_and_one_with_a_title_does_not():
    untitled = sanitize_html('<iframe src="https://player.vimeo.com/video/42"></iframe>')
    assert "<iframe" in untitled
    assert findings(untitled) == [("embed-title", "https://player.vimeo.com/video/42")]
    assert findings(sanitize_html(EDITOR_MAKES)) == []


@pytest.mark.django_db  # the link is written from the document library
def test_a_documents_decorative_first_page_is_not_an_alt_text_fault():
    body = (
        '<p class="attachment"><a href="/media/documents/a.pdf"><img src="/media/documents/t.png" '
        'alt="" width="100" height="141">Budget 2026/27 (PDF, 2.3 MB, 12 pages)</a></p>'
    )
    assert findings(body) == []
    # An empty alt text in a link with no words of its own is still a fault.
    assert findings('<p><a href="/x/"><img src="/media/y.png" alt=""></a></p>') != []

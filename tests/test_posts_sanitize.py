"""Bodies saved with hostile markup render with nothing that can run, and good markup survives."""

from html.parser import HTMLParser

import pytest

from posts.pieces import body_pieces
from posts.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    PLAYER_ATTRIBUTES,
    PLAYER_TAGS,
    URL_SCHEMES,
    sanitize_html,
)
from tests.helpers import make_post

pytestmark = pytest.mark.django_db

XSS_CORPUS = [
    "<script>alert('staff')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img src=x OnError=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<body onload=alert(1)>",
    "<p onclick=alert(1)>click me</p>",
    "<a href=\"javascript:alert('x')\">link</a>",
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="java&#x09;script:alert(1)">tab entity</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">ents</a>',
    '<a href=" javascript:alert(1)">leading space</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<div style="background:url(javascript:alert(1))">css url</div>',
    '<p style="width: expression(alert(1))">css expression</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<p title="x" onmouseover="alert(1)">hover</p>',
    '<a href="https://ok.example/" onmouseover="alert(1)">ok link with handler</a>',
    "<p>unclosed <b>bold <i>italic</p><script>alert(1)",
    "<<script>script>alert(1)<</script>/script>",
    '<img """><script>alert(1)</script>">',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    '<video autoplay src="https://evil.example/v.mp4" poster="javascript:alert(1)"></video>',
    '<video><track src="javascript:alert(1)" kind="captions" onload="alert(1)"></video>',
    '<marquee onstart="alert(1)">moving</marquee>',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<a href="https://ok.example/" target="_blank">new tab</a>',
    '<p class="MsoNormal" style="mso-line-height-rule:exactly">Word para<o:p></o:p></p>',
    "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->",
    "<xml><o:OfficeDocumentSettings>junk</o:OfficeDocumentSettings></xml>",
    '<span style="font-family:Calibri;color:#1F497D" lang="EN-GB">Word span</span>',
]

URL_ATTRIBUTES = {"href", "src", "cite", "srcset", "poster"}
# The allow-list with the video and audio players' part (audiovideo), which the editor makes.
EVERY_TAG = ALLOWED_TAGS | PLAYER_TAGS
EVERY_ATTRIBUTE = {**ALLOWED_ATTRIBUTES, **PLAYER_ATTRIBUTES}
# nh3 allows these two on any element; neither can carry code.
GENERIC_ATTRIBUTES = {"lang", "title"}


class MarkupAudit(HTMLParser):
    """Collect every tag, attribute and URL in a piece of HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in EVERY_TAG:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            allowed = EVERY_ATTRIBUTE.get(tag, set()) | GENERIC_ATTRIBUTES
            allowed = allowed | ({"rel"} if tag == "a" else set())
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES and value and ":" in value.split("/")[0]:
                scheme = value.split(":", 1)[0].strip().lower()
                if scheme not in URL_SCHEMES:
                    self.problems.append(f"{scheme}: URL in {name}")


def audit(html):
    parser = MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser.problems


def rendered_body(client, body):
    post = make_post(body=body)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    start = response.text.index('<div class="post-body">') + len('<div class="post-body">')
    return response.text[start : response.text.index('<footer class="post-footer">')]


def test_the_corpus_is_large_enough():
    assert len(XSS_CORPUS) >= 40
    assert len(set(XSS_CORPUS)) == len(XSS_CORPUS)


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_a_hostile_body_renders_nothing_executable(reader_client, payload):
    body = rendered_body(reader_client, f"<p>Before.</p>{payload}<p>After.</p>")
    lowered = body.lower()
    assert audit(body) == []
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "style=" not in lowered
    assert "class=" not in lowered
    assert "<o:p" not in lowered
    # An unclosed <script> or <style> rightly swallows what follows it, so only the text
    # before the payload is sure to remain.
    assert "Before." in body


def test_ordinary_formatting_links_and_figures_survive(reader_client):
    body = (
        "<h2>Heading</h2><p><strong>Bold</strong>, <em>italic</em> and "
        '<a href="https://www.example.gov.uk/news">a link</a>.</p>'
        "<ul><li>One</li><li>Two</li></ul><ol><li>First</li></ol>"
        "<blockquote><p>Quoted words</p></blockquote>"
        '<figure><img src="/media/renditions/1/visit-1200w.jpg" alt="Crews at the depot">'
        "<figcaption>Crews at the depot. Photo: Sam Smith</figcaption></figure>"
    )
    html = rendered_body(reader_client, body)
    assert "<h2>Heading</h2>" in html
    assert "<strong>Bold</strong>" in html
    assert "<em>italic</em>" in html
    assert '<a href="https://www.example.gov.uk/news" rel="noopener noreferrer">a link</a>' in html
    assert "<ul><li>One</li><li>Two</li></ul><ol><li>First</li></ol>" in html
    assert "<blockquote><p>Quoted words</p></blockquote>" in html
    assert (
        '<figure><img src="/media/renditions/1/visit-1200w.jpg" alt="Crews at the depot">'
        "<figcaption>Crews at the depot. Photo: Sam Smith</figcaption></figure>"
    ) in html


def test_word_markup_is_reduced_to_its_text_and_structure():
    post = make_post(
        body='<p class="MsoNormal" style="margin:0cm"><span style="font-size:11pt">Thank you'
        "<o:p></o:p></span></p><xml><w:WordDocument>settings</w:WordDocument></xml>"
    )
    assert post.body == "<p><span>Thank you</span></p>"


# A long body of what imported posts hold: tables, lists, a footnote linking down the page.
LONG_BODY = (
    '<p>See the note<sup><a href="#note-1">1</a></sup>.</p>\n'
    + (
        "<table><thead><tr><th></th><th>Spend</th></tr></thead><tbody><tr><td>North</td>"
        "<td>&pound;4,210</td></tr></tbody></table>\n<ul><li>One&nbsp;&nbsp;two</li></ul>\n"
        '<p><b>Bold <a href="https://x.example/">link</a></b></p>\n<h4>Part</h4>\n'
    )
    * 40
    + '<ol><li id="note-1">The note.</li></ol>'
)


def test_a_long_body_cleaned_in_pieces_comes_out_as_if_cleaned_whole(monkeypatch):
    whole = sanitize_html(LONG_BODY)
    assert '<li id="body-note-1">' in whole
    assert whole.count("<h2>Part</h2>") == 40
    monkeypatch.setattr("posts.sanitize.PIECE_LENGTH", 100)
    assert len(list(body_pieces(LONG_BODY, 100))) > 30
    assert sanitize_html(LONG_BODY) == whole


@pytest.mark.parametrize(
    "unsure",
    ["<p>Open", "</b>", "<table><p>x</p></table>", "<!-->", "<svg></svg>", "<a title='x>"],
)
def test_a_long_body_is_not_cut_after_what_the_parser_may_read_otherwise(unsure):
    body = "<p>One</p>" * 20 + unsure + "<p>Two</p>" * 20
    pieces = list(body_pieces(body, 1))
    assert "".join(pieces) == body
    assert pieces[-1].startswith(unsure)
    assert len(pieces) == 21

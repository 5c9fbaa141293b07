"""Post bodies are repaired where the markup would trip screen readers or break HTML rules."""

import pytest

from posts.sanitize import sanitize_html
from tests.helpers import SAMPLE_BODY


def test_a_link_without_an_address_keeps_only_its_text():
    assert sanitize_html('<p><a class="button">Book a place</a></p>') == "<p>Book a place</p>"


def test_a_link_with_nothing_to_announce_keeps_only_its_content():
    body = '<p><a href="https://example.org/photo.jpg"><img src="/p.jpg" alt=""></a></p>'
    assert sanitize_html(body) == '<p><img src="/p.jpg" alt=""></p>'


def test_a_linked_photo_with_alt_text_stays_a_link():
    body = '<p><a href="https://example.org/"><img src="/p.jpg" alt="The new library"></a></p>'
    assert sanitize_html(body) == (
        '<p><a href="https://example.org/" rel="noopener noreferrer">'
        '<img src="/p.jpg" alt="The new library"></a></p>'
    )


def test_alt_text_that_repeats_the_caption_is_emptied_so_it_is_not_read_twice():
    body = '<figure><img src="/p.jpg" alt="Golden Gate Bridge"><figcaption>Golden Gate  bridge</figcaption></figure>'  # noqa: E501
    assert sanitize_html(body) == (
        '<figure><img src="/p.jpg" alt=""><figcaption>Golden Gate  bridge</figcaption></figure>'
    )


def test_alt_text_that_differs_from_the_caption_is_kept():
    body = '<figure><img src="/p.jpg" alt="A gritter on a dark road"><figcaption>Out before dawn.</figcaption></figure>'  # noqa: E501
    assert sanitize_html(body) == body


def test_an_empty_header_cell_becomes_an_ordinary_cell():
    body = '<table><tr><th scope="col">Name</th><th scope="col"> </th></tr></table>'
    assert sanitize_html(body) == (
        '<table><tbody><tr><th scope="col">Name</th><td> </td></tr></tbody></table>'
    )


def test_empty_definition_lists_are_removed():
    assert sanitize_html("<dl><dt></dt>\n</dl><p>After</p>") == "<p>After</p>"


@pytest.mark.parametrize(
    ("body", "renumbered"),
    [
        ("<h1>A</h1><h2>B</h2><h3>C</h3>", "<h2>A</h2><h3>B</h3><h4>C</h4>"),
        ("<h6>Only</h6>", "<h2>Only</h2>"),
        ("<h3>A</h3><h3>B</h3><h4>C</h4>", "<h2>A</h2><h2>B</h2><h3>C</h3>"),
        ("<h2>A</h2><h4>B</h4><h2>C</h2>", "<h2>A</h2><h3>B</h3><h2>C</h2>"),
    ],
)
def test_headings_start_under_the_title_and_never_skip_a_level(body, renumbered):
    assert sanitize_html(body) == renumbered


def test_a_body_with_nothing_to_repair_is_unchanged_and_tidying_twice_changes_nothing():
    once = sanitize_html(SAMPLE_BODY)
    assert once == SAMPLE_BODY.replace(
        '<a href="https://www.example.org/libraries">',
        '<a href="https://www.example.org/libraries" rel="noopener noreferrer">',
    )
    assert sanitize_html(once) == once


# Every repair at once, among markup that needs none: pins tidy_body's output byte for byte.
EVERY_REPAIR = (
    "<h1>Budget  2027</h1>\n"
    '<p>Dear colleagues,&nbsp; this&nbsp;&nbsp;week <a href="#">see</a> and '
    '<a>no address</a>&nbsp; <a href="https://x.example/?a=1&amp;b=2" title="Say &quot;hi&quot;">'
    "the plan</a> &amp; 10&nbsp;km.</p>\n"
    "<h4>Skipped a level</h4>\n"
    '<figure><img src="/media/p.jpg" alt="The new bridge" width="300"><figcaption>The new '
    "<em>bridge</em></figcaption></figure>\n"
    '<figure><a href="/big.jpg"><img src="/media/q.jpg" alt="Gritter"></a><figcaption>Gritter'
    "</figcaption></figure>\n"
    '<table><tr><th scope="col"></th><th>Spend</th></tr><tr><td>North</td><td>&pound;4,210'
    "</td></tr></table>\n"
    "<dl><dt></dt><dd> </dd></dl><dl><dt>Term</dt><dd>Meaning&nbsp;&nbsp;here</dd></dl>\n"
    "<pre>keep&nbsp;&nbsp;these   spaces\n  and lines</pre>\n"
    '<p><a href="https://example.org/photo.jpg"><img src="/p.jpg" alt=""></a>&nbsp;'
    '<a href=""></a>&nbsp; after</p>\n'
    '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315" '
    'onload="x()">inside</iframe>\n'
    '<iframe src="https://evil.example/x"></iframe>\n'
    "<h2>Lists</h2><ul><li>One <strong>two</strong></li><li>Three<br>four</li></ul>\n"
    '<blockquote><p>Quoted</p></blockquote><p class="attachment"><a href="/documents/1/">'
    "Report (PDF)</a></p>\n"
    "Loose&nbsp;&nbsp;text <a>at</a>&nbsp; the end\xa0\xa0here"
)
EVERY_REPAIR_TIDIED = (
    "<h2>Budget  2027</h2>\n"
    '<p>Dear colleagues, this week <a href="#" rel="noopener noreferrer">see</a> and no address '
    '<a href="https://x.example/?a=1&amp;b=2" title="Say &quot;hi&quot;" '
    'rel="noopener noreferrer">the plan</a> &amp; 10&nbsp;km.</p>\n'
    "<h3>Skipped a level</h3>\n"
    '<figure><img src="/media/p.jpg" alt="" width="300"><figcaption>The new <em>bridge</em>'
    "</figcaption></figure>\n"
    '<figure><a href="/big.jpg" rel="noopener noreferrer"><img src="/media/q.jpg" alt="Gritter">'
    "</a><figcaption>Gritter</figcaption></figure>\n"
    "<table><tbody><tr><td></td><th>Spend</th></tr><tr><td>North</td><td>£4,210</td></tr>"
    "</tbody></table>\n"
    "<dl><dt>Term</dt><dd>Meaning here</dd></dl>\n"
    "<pre>keep&nbsp;&nbsp;these   spaces\n  and lines</pre>\n"
    '<p><img src="/p.jpg" alt=""> after</p>\n'
    '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315" '
    'referrerpolicy="strict-origin-when-cross-origin" loading="lazy" allowfullscreen="">'
    "</iframe>\n\n"
    "<h3>Lists</h3><ul><li>One <strong>two</strong></li><li>Three<br>four</li></ul>\n"
    '<blockquote><p>Quoted</p></blockquote><p class="attachment"><a href="/documents/1/" '
    'rel="noopener noreferrer">Report (PDF)</a></p>\n'
    "Loose text at the end here"
)


def test_every_repair_together_gives_exactly_the_pinned_body():
    assert sanitize_html(EVERY_REPAIR) == EVERY_REPAIR_TIDIED
    assert sanitize_html(EVERY_REPAIR_TIDIED) == EVERY_REPAIR_TIDIED

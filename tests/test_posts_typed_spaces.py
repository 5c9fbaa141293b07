"""Spaces typed in the body editor are saved as spaces, not as non-breaking spaces."""

import pytest

from posts.sanitize import sanitize_html


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        # What browsers make of two and three spaces typed in a row.
        ("<p>Thank you&nbsp; to the library teams.</p>", "<p>Thank you to the library teams.</p>"),
        ("<p>Thank you &nbsp;to the teams.</p>", "<p>Thank you to the teams.</p>"),
        ("<p>Thank you&nbsp; &nbsp;to the teams.</p>", "<p>Thank you to the teams.</p>"),
        ("<p>Two\xa0\xa0non-breaking.</p>", "<p>Two non-breaking.</p>"),
        ("<p>Numbered&#160; &#xa0;too.</p>", "<p>Numbered too.</p>"),
        ("<ul><li>In a list&nbsp; item</li></ul>", "<ul><li>In a list item</li></ul>"),
        ("<p><em>Bold&nbsp; words</em> here</p>", "<p><em>Bold words</em> here</p>"),
    ],
)
def test_runs_of_typed_spaces_become_one_ordinary_space(typed, saved):
    assert sanitize_html(typed) == saved


@pytest.mark.parametrize(
    "deliberate",
    [
        # One non-breaking space between two words keeps them on one line: "10 km", "Mr Smith".
        "<p>A walk of 10&nbsp;km with Mr&nbsp;Smith.</p>",
        # Preformatted text shows every space as written.
        "<pre>column&nbsp;&nbsp; one</pre>",
        "<p><code>a&nbsp; b</code></p>",
    ],
)
def test_a_single_non_breaking_space_and_preformatted_text_are_kept(deliberate):
    assert sanitize_html(deliberate) == deliberate

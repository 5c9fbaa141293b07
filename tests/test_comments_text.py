"""A comment's text is shown escaped with its links made clickable, whichever way it is rendered."""

from django.template.defaultfilters import linebreaks_filter
from django.utils.safestring import mark_safe
from hypothesis import example, given, settings
from hypothesis import strategies as st

from comments.rendering import comment_text, urlize_comment

PIECES = st.sampled_from(
    [
        "Thanks",
        " ",
        "\n",
        "\n\n",
        "\r",
        "\r\n",
        ".",
        ",",
        "<b>",
        "&amp;",
        '"',
        "'",
        "(",
        ")",
        "example.org",
        "www.example.net/path",
        "WWW.",
        "https://intranet.example/x?a=1&b=2",
        "http:",
        "//",
        "name@example.gov",
        "@",
        "COM",
        ".community",
        "gritting",
        "é",
    ]
)


def by_urlize(text):
    return linebreaks_filter(mark_safe(urlize_comment(text, autoescape=True)), autoescape=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
@example("Thank you all. See you at the depot, 7am!")
@example("Details at www.example.org/roads.")
@example("Write to roads@example.gov <please>")
def test_a_comment_reads_the_same_as_through_djangos_urlize(text):
    assert comment_text(text) == by_urlize(text)


def test_a_link_in_a_comment_is_clickable_and_not_endorsed():
    html = comment_text("See https://intranet.example/roads for the map.")
    assert '<a href="https://intranet.example/roads" rel="nofollow noopener">' in html

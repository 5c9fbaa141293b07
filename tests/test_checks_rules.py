"""Each check before publishing: what it finds, and the near misses it must leave alone."""

from types import SimpleNamespace

import pytest

from checks.analysis import analyse
from checks.plain_english import WORDS_PER_MINUTE

# Enough plain text for a reading age, and a title, excerpt, photo and tag: nothing to say.
CLEAN_TEXT = (
    "<p>The new library in Ashford opened on Monday. It has more space for books and for "
    "people. Children can now read in a quiet room at the back. Thank you to the team.</p>"
)
PHOTO = SimpleNamespace(alt_text="The new library in Ashford on its first day")


def found(body="", **fields):
    """Return (code, where) of every finding for a post with the body and otherwise complete."""
    values = {
        "title": "Ashford library is open",
        "body": CLEAN_TEXT + body,
        "excerpt": "The new library is open.",
        "featured_photo": PHOTO,
        "tags": ["libraries"],
        **fields,
    }
    return [(finding.code, finding.where) for finding in analyse(**values).findings]


def test_a_complete_plain_post_has_nothing_to_fix_or_suggest():
    assert found() == []


# --- Images ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ('<img src="/media/a.jpg">', ("image-alt-empty", "a.jpg")),
        ('<img src="/media/a.jpg" alt="  ">', ("image-alt-empty", "a.jpg")),
        ('<img src="/m/b.jpg" alt="IMG_2041.JPG">', ("image-alt-file-name", "IMG_2041.JPG")),
        ('<img src="/m/b.jpg" alt="DSC01234">', ("image-alt-file-name", "DSC01234")),
        ('<img src="/m/b.jpg" alt="Image">', ("image-alt-placeholder", "Image")),
        ('<img src="/m/b.jpg" alt="photo.">', ("image-alt-placeholder", "photo.")),
        ('<img src="/m/b.jpg" alt="picture">', ("image-alt-placeholder", "picture")),
    ],
)
def test_an_image_needs_alt_text_that_says_what_it_shows(image, expected):
    assert found(f"<p>{image}</p>") == [expected]


@pytest.mark.parametrize(
    "image",
    [
        '<img src="/m/b.jpg" alt="A photo of the new bus station at night">',
        '<img src="/m/b.jpg" alt="Image of hope: a child planting a tree">',
        '<img src="/m/b.jpg" alt="Staff at the jpeg workshop">',
        # The site empties alt text that repeats the caption: the caption says it.
        '<figure><img src="/m/b.jpg" alt=""><figcaption>The mayor cuts the ribbon</figcaption>'
        "</figure>",
    ],
)
def test_alt_text_near_misses_are_not_problems(image):
    assert found(image) == []


def test_the_featured_photo_s_alt_text_is_checked_too():
    photo = SimpleNamespace(alt_text="IMG_0001.jpg")
    assert found(featured_photo=photo) == [("image-alt-file-name", "featured photo: IMG_0001.jpg")]


# --- Headings ----------------------------------------------------------------------------------


def test_headings_that_skip_a_level_are_found():
    body = "<h2>Budget</h2><p>Text.</p><h4>Savings</h4><h3>Spending</h3><h5>Roads</h5>"
    assert found(body) == [("heading-skipped", "Savings"), ("heading-skipped", "Roads")]


def test_a_first_level_heading_in_the_text_is_found():
    assert found("<h1>Welcome</h1>") == [("heading-level-1", "Welcome")]


def test_an_empty_heading_is_found():
    assert found("<h2> </h2><h2><br></h2>") == [
        ("heading-empty", "an empty level 2 heading"),
        ("heading-empty", "an empty level 2 heading"),
    ]


def test_headings_going_back_up_any_number_of_levels_are_fine():
    body = "<h2>A</h2><h3>B</h3><h4>C</h4><h2>D</h2><h3>E</h3><h2>F</h2>"
    assert found(body) == []


def test_a_heading_starting_at_level_3_skips_level_2():
    assert found("<h3>Roads</h3>") == [("heading-skipped", "Roads")]


# --- Links -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words", ["click here", "Click Here.", "here", "Read more", "more…", "link", "Read more »"]
)
def test_links_that_do_not_say_where_they_go_are_found(words):
    assert found(f'<p>See <a href="/x/">{words}</a></p>') == [("link-vague", words)]


@pytest.mark.parametrize(
    "words",
    [
        "https://www.westshire.gov.uk/budget",
        "www.westshire.gov.uk",
        "http://x.org",
        "westshire.gov.uk/jobs",
    ],
)
def test_a_link_whose_words_are_a_web_address_is_found(words):
    assert found(f'<p><a href="https://x.org/">{words}</a></p>') == [("link-address", words)]


@pytest.mark.parametrize(
    "link",
    [
        '<a href="/budget/">read more about the budget</a>',
        '<a href="/here/">Here and now: our plan</a>',
        '<a href="/x/">the Westshire.gov.uk accessibility page</a>',
        '<a href="mailto:team@westshire.example">team@westshire.example</a>',
        # No address: the site turns it back into text when it saves.
        "<a>click here</a>",
    ],
)
def test_link_near_misses_are_not_problems(link):
    assert found(f"<p>{link}</p>") == []


# --- Tables ------------------------------------------------------------------------------------


def test_a_table_without_header_cells_is_found():
    body = "<table><tr><td>Area</td><td>Homes</td></tr><tr><td>North</td><td>12</td></tr></table>"
    assert found(body) == [("table-headers", "Area Homes")]


def test_a_table_whose_header_cells_are_empty_is_found():
    body = "<table><tr><th></th><td>2025</td></tr><tr><td>Roads</td><td>4</td></tr></table>"
    assert found(body) == [("table-headers", "2025")]


def test_a_table_with_a_header_row_or_column_is_fine():
    row = "<table><tr><th>Area</th><th>Homes</th></tr><tr><td>North</td><td>12</td></tr></table>"
    column = "<table><tr><th scope='row'>North</th><td>12</td></tr></table>"
    assert found(row + column) == []


# --- Capitals ----------------------------------------------------------------------------------


def test_four_words_in_capitals_are_found():
    assert found("<p>Please note: THE OFFICE CLOSES at noon on Friday.</p>") == []
    assert found("<p>Please note: THE OFFICE WILL BE CLOSED on Friday.</p>") == [
        ("capitals", "THE OFFICE WILL BE CLOSED")
    ]


def test_a_single_letter_word_continues_a_run_of_capitals():
    assert found("<p>DO NOT MISS A GREAT DAY OUT.</p>") == [
        ("capitals", "DO NOT MISS A GREAT DAY OUT")
    ]


def test_acronyms_never_make_a_run_of_capitals():
    assert found("<p>The NHS, HMRC, DWP and LGA met the CEO.</p>") == []
    assert found("<p>NHS HMRC DWP LGA BBC staff met.</p>") == []


# --- Video and audio ---------------------------------------------------------------------------


def test_a_video_without_captions_is_found():
    body = '<video src="/media/tour.mp4" controls><track kind="descriptions" src="d.vtt"></video>'
    assert found(body) == [("video-captions", "tour.mp4")]


def test_a_video_with_captions_or_subtitles_is_fine():
    captions = '<video src="/m/a.mp4"><track kind="captions" src="a.vtt"></video>'
    subtitles = '<video src="/m/b.mp4"><track kind="subtitles" src="b.vtt" srclang="en"></video>'
    assert found(captions + subtitles) == []


def test_a_recording_needs_a_transcript_beside_it():
    alone = '<audio src="/media/talk.mp3" controls></audio><p>Listen on the way in.</p>'
    assert found(alone) == [("audio-transcript", "talk.mp3")]
    far = (
        '<audio src="/m/talk.mp3"></audio><p>One.</p><p>Two.</p><p><a href="/t/">transcript</a></p>'
    )
    assert found(far) == [("audio-transcript", "talk.mp3")]


def test_a_transcript_link_or_section_next_to_the_recording_is_enough():
    link = '<audio src="/m/a.mp3"></audio><p><a href="/t/">Read the transcript</a></p>'
    details = (
        '<audio src="/m/b.mp3"></audio><details><summary>Transcript</summary><p>Hello.</p>'
        "</details>"
    )
    assert found(link + details) == []


# --- Plain English -----------------------------------------------------------------------------


def test_a_sentence_over_25_words_is_listed():
    long = (
        "We are asking every team in the council to look again at how they book rooms, order "
        "supplies and plan travel so that we can save money this year."
    )
    exactly_25 = " ".join(["Staff"] * 24) + " win."
    codes = found(f"<p>{long} {exactly_25}</p>")
    assert ("long-sentence", long) in codes
    assert not any(where == exactly_25 for _, where in codes)


def test_words_with_plainer_alternatives_are_listed_once_each():
    body = "<p>We will utilise the hall. We utilise it in order to meet. Prior to that, rest.</p>"
    assert [f for f in found(body) if f[0] == "plainer-word"] == [
        ("plainer-word", "utilise"),
        ("plainer-word", "in order to"),
        ("plainer-word", "prior to"),
    ]


def test_plainer_word_near_misses_are_not_listed():
    # Parts of longer words, and words only close to one on the list.
    assert found("<p>The assistant purchased nothing; orders commenced in the key stage.</p>") == []
    # Fostering children is the council's own plain word.
    assert found("<p>Why people foster, and how we help them to foster.</p>") == []


def test_hard_text_gets_a_reading_age_suggestion_and_plain_text_none():
    hard = (
        "<p>Organisational transformation necessitates comprehensive consideration of "
        "interdependencies between operational responsibilities. Collaborative "
        "accountability mechanisms facilitate sustainable improvements.</p>"
    )
    codes = [code for code, _ in found(hard)]
    assert "reading-age" in codes
    assert analyse(body=CLEAN_TEXT).reading_age <= 9


def test_word_count_and_reading_time():
    report = analyse(body="<p>" + "Word " * 401 + "</p>")
    assert (report.words, report.minutes, WORDS_PER_MINUTE) == (401, 3, 200)
    assert analyse(body="").minutes == 0


def test_code_is_not_read_as_sentences():
    code = "<pre>" + "SELECT NAME FROM STAFF WHERE TEAM IS NULL " * 3 + "</pre>"
    assert found(code) == []


# --- Completeness ------------------------------------------------------------------------------


def test_a_title_over_65_characters_is_found_and_65_is_fine():
    assert found(title="A" * 60 + " road") == []
    long_title = "Thank you to everyone who kept the county moving in the January snow"
    assert found(title=long_title) == [("title-long", long_title)]


def test_a_missing_excerpt_photo_and_tags_are_suggested():
    assert found(excerpt=" ", featured_photo=None, tags=[]) == [
        ("excerpt-missing", ""),
        ("photo-missing", ""),
        ("tags-missing", ""),
    ]


def test_every_finding_says_why_and_how_and_only_accessibility_blocks():
    body = '<p><a href="/x">here</a> <img src="a.png"></p><h4>X</h4>'
    report = analyse(body=body + "<p>We will utilise it.</p>")
    assert {f.kind for f in report.findings} == {"accessibility", "plain English", "completeness"}
    for finding in report.findings:
        assert finding.message
        assert finding.why
        assert finding.fix
        assert finding.blocking == (finding.kind == "accessibility")

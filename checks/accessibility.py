"""Accessibility checks: each failure blocks publishing (checks.gate) unless an approver overrides.

The words follow the GOV.UK guidance on alt text, headings, links, tables, capitals and media.
"""

import re

from checks.findings import problem
from checks.markup import text_blocks
from checks.words import ACRONYMS, PLACEHOLDER_ALT, VAGUE_LINKS

FILE_NAME = re.compile(
    r"(\.(jpe?g|png|gif|webp|heic|heif|svg|bmp|tiff?|avif)$)"
    r"|(^(img|dsc|dscn|pxl|screenshot)[-_ ]?\d+)",
    re.IGNORECASE,
)
WEB_ADDRESS = re.compile(
    r"^((https?://|www\.)\S+|[a-z0-9-]+(\.[a-z0-9-]+)*\.(uk|com|org|net|gov|nhs|example)(/\S*)?)$",
    re.IGNORECASE,
)
# Four or more words in capitals in a row read as shouting and are slower to read.
CAPITALS_RUN = 4
WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'’-]*")
HEADINGS = {f"h{level}": level for level in range(1, 7)}
# The post's title is its page's h1: the body's own headings start one level below.
FIRST_BODY_LEVEL = 2


def check_accessibility(root, *, featured_photo=None):
    """Return the accessibility problems of a parsed body (checks.markup.parse)."""
    return [
        *images(root, featured_photo=featured_photo),
        *headings(root),
        *links(root),
        *tables(root),
        *capitals(root),
        *media(root),
        *embeds(root),
    ]


# --- Images -------------------------------------------------------------------------------------

ALT_WHY = (
    "People who cannot see the photo hear its alt text instead. Without it a screen reader says "
    "nothing, or reads out the file’s name."
)
ALT_FIX = (
    "Say what the photo shows that matters to the post, in a short sentence: “The chief "
    "executive opening the new library in Ashford”. Change it in the photo’s details."
)


def alt_problem(alt):
    """Say what is wrong with an alt text, or None when it is fine."""
    words = " ".join((alt or "").split())
    if not words:
        return "empty"
    if FILE_NAME.search(words):
        return "file name"
    if words.casefold().strip(".:") in PLACEHOLDER_ALT:
        return "placeholder"
    return None


def images(root, *, featured_photo=None):
    found = []
    for image in root.find_all("img"):
        alt = image.attrs.get("alt", "")
        fault = alt_problem(alt)
        figure = image.ancestor("figure")
        caption = figure and next(iter(figure.find_all("figcaption")), None)
        if fault == "empty" and caption is not None and caption.text():
            # The site empties alt text that repeats the caption, so it is not read twice.
            continue
        link = image.ancestor("a")
        if fault == "empty" and link is not None and link.text():
            # A picture inside a link whose words name it (a document's first page beside its
            # title) is decoration: the link's words are read, the picture rightly not.
            continue
        if fault:
            where = alt.strip() or image.attrs.get("src", "").rsplit("/", 1)[-1] or "a photo"
            found.append(_alt_finding(fault, where))
    if featured_photo is not None:
        fault = alt_problem(featured_photo.alt_text)
        if fault:
            found.append(_alt_finding(fault, f"featured photo: {featured_photo.alt_text or '—'}"))
    return found


def _alt_finding(fault, where):
    message = {
        "empty": "A photo has no alt text.",
        "file name": "A photo’s alt text is its file name.",
        "placeholder": "A photo’s alt text does not say what it shows.",
    }[fault]
    return problem(f"image-alt-{fault.replace(' ', '-')}", message, ALT_WHY, ALT_FIX, where)


# --- Headings -----------------------------------------------------------------------------------

HEADING_WHY = (
    "Screen reader users move through a page by its headings, and everyone scans them. Levels "
    "that skip or start too high make the post’s outline hard to follow; an empty heading is "
    "announced with nothing to say."
)


def headings(root):
    found = []
    previous = FIRST_BODY_LEVEL - 1
    for heading in root.find_all(*HEADINGS):
        level = HEADINGS[heading.tag]
        words = heading.text()
        where = words or f"an empty level {level} heading"
        if not words:
            found.append(
                problem(
                    "heading-empty",
                    "A heading has no words.",
                    HEADING_WHY,
                    "Write the heading, or turn it back into ordinary text.",
                    where,
                )
            )
        if level < FIRST_BODY_LEVEL:
            found.append(
                problem(
                    "heading-level-1",
                    "A heading in the text is at the title’s level.",
                    HEADING_WHY,
                    "The title is the only first-level heading. Make this one “Heading 2”.",
                    where,
                )
            )
        elif level > previous + 1:
            found.append(
                problem(
                    "heading-skipped",
                    f"A heading skips from level {previous} to level {level}.",
                    HEADING_WHY,
                    f"Make it a level {previous + 1} heading, or add the heading it sits under.",
                    where,
                )
            )
        previous = max(level, FIRST_BODY_LEVEL)
    return found


# --- Links --------------------------------------------------------------------------------------

LINK_WHY = (
    "Screen reader users often hear a post’s links as a list, out of their sentences, and "
    "everyone scans for them. “Click here” or a web address says nothing about where a link leads."
)
LINK_FIX = (
    "Make the link’s words say where it goes: “read the budget consultation” rather than "
    "“click here”. Link the words that describe the page, not a web address."
)


def links(root):
    found = []
    for link in root.find_all("a"):
        if not link.attrs.get("href"):
            continue
        words = link.text()
        plain = words.casefold().strip(" .,:;!?…»>-–—()[]")
        if plain in VAGUE_LINKS:
            found.append(
                problem(
                    "link-vague",
                    "A link’s words do not say where it goes.",
                    LINK_WHY,
                    LINK_FIX,
                    words,
                )
            )
        elif WEB_ADDRESS.match(words):
            found.append(
                problem(
                    "link-address", "A link’s words are a web address.", LINK_WHY, LINK_FIX, words
                )
            )
    return found


# --- Tables -------------------------------------------------------------------------------------


def tables(root):
    found = []
    for number, table in enumerate(root.find_all("table"), start=1):
        if any(cell.text() for cell in table.find_all("th")):
            continue
        first_row = next(iter(table.find_all("tr")), None)
        where = first_row.text() if first_row is not None else ""
        found.append(
            problem(
                "table-headers",
                "A table has no header cells.",
                "Screen readers name each cell by its column and row headers; without them a "
                "table is a list of numbers nobody can place.",
                "Make the first row (and the first column, if it names the rows) header cells. "
                "Use a table only for data, not for layout.",
                where[:80] or f"table {number}",
            )
        )
    return found


# --- Capitals -----------------------------------------------------------------------------------


def capitals(root):
    found = []
    for block in text_blocks(root):
        for run in _capital_runs(block):
            found.append(
                problem(
                    "capitals",
                    "Words written in capitals.",
                    "Text in capitals is harder to read, for everyone and most of all for people "
                    "with dyslexia, and screen readers may spell it out letter by letter.",
                    "Write it in sentence case. Use bold, sparingly, if it must stand out.",
                    run,
                )
            )
    return found


def _capital_runs(text):
    runs, run = [], []
    for match in WORD.finditer(text):
        word = match.group().strip("'’-")
        letters = [c for c in word if c.isalpha()]
        shouted = word.upper() == word and len(letters) >= 2 and word.upper() not in ACRONYMS
        if shouted:
            run.append(word)
        elif len(letters) == 1 and word.isupper() and run:
            run.append(word)  # "A" or "I" inside a run of capitals continues it
        else:
            if sum(len(w) > 1 for w in run) >= CAPITALS_RUN:
                runs.append(" ".join(run))
            run = []
    if sum(len(w) > 1 for w in run) >= CAPITALS_RUN:
        runs.append(" ".join(run))
    return runs


# --- Video and audio ----------------------------------------------------------------------------


def media(root):
    found = []
    for video in root.find_all("video"):
        kinds = {track.attrs.get("kind", "").casefold() for track in video.find_all("track")}
        if not kinds & {"captions", "subtitles"}:
            found.append(
                problem(
                    "video-captions",
                    "A video has no captions.",
                    "People who are deaf or hard of hearing, and anyone watching without sound, "
                    "need captions to follow a video.",
                    "Add a captions file (WebVTT) to the video before publishing: in Videos and "
                    "audio, open the video, choose its .vtt file under Captions and save.",
                    _media_name(video),
                )
            )
    for audio in root.find_all("audio"):
        if not _has_transcript(audio):
            found.append(
                problem(
                    "audio-transcript",
                    "A recording has no transcript.",
                    "People who cannot hear the recording need its words written down.",
                    "Write the transcript in Videos and audio (open the recording, fill in "
                    "Transcript, save), or put a link to one right after the recording.",
                    _media_name(audio),
                )
            )
    return found


def _media_name(node):
    source = node.attrs.get("src") or next(
        (s.attrs.get("src", "") for s in node.find_all("source")), ""
    )
    return node.attrs.get("title") or source.rsplit("/", 1)[-1] or node.tag


def _has_transcript(audio):
    # A link or a details element labelled "transcript", next to the recording.
    nearby = audio.next_siblings()[:2]
    if audio.parent is not None and audio.parent.tag not in {"", "body"}:
        nearby += audio.parent.next_siblings()[:1]
    for node in nearby:
        candidates = [node, *node.walk()]
        for candidate in candidates:
            if candidate.tag == "a" and "transcript" in candidate.text().casefold():
                return True
            if candidate.tag == "details":
                summary = next(iter(candidate.find_all("summary")), None)
                if summary is not None and "transcript" in summary.text().casefold():
                    return True
    return False


# --- Embedded players (issue 15) ----------------------------------------------------------------


def embeds(root):
    """An embedded player needs a title: screen readers announce a frame by it."""
    found = []
    for frame in root.find_all("iframe"):
        if " ".join(frame.attrs.get("title", "").split()):
            continue
        found.append(
            problem(
                "embed-title",
                "An embedded video or player has no title.",
                "Screen readers announce an embedded player by its title; without one, people "
                "who cannot see it hear only “frame” and do not know what it is.",
                "Remove the player and paste its address again: the editor asks for a title "
                "(“Video: the chief executive’s message on the budget”).",
                frame.attrs.get("src", "").split("?")[0] or "an embedded player",
            )
        )
    return found

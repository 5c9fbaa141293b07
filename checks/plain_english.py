"""Plain English advice: reading age, long sentences and words with plainer alternatives.

None of it blocks publishing. The reading age is the Flesch-Kincaid grade (textstat) plus 5, the
usual conversion from a US school grade to an age; GOV.UK writes for a reading age of 9.
"""

import math
import re

import textstat

from checks.findings import PLAIN_ENGLISH, suggestion

READING_AGE_TARGET = 9
LONG_SENTENCE_WORDS = 25
WORDS_PER_MINUTE = 200
# Sentence ends: ., ! or ? (with closing quotes or brackets) followed by a space.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
# Web and email addresses are not words a reader reads: they count as one word, no syllables.
ADDRESS = re.compile(r"\S+@\S+|\b(https?://|www\.)\S+", re.IGNORECASE)

# Words with a plainer alternative, after the GOV.UK A to Z and the Plain English Campaign.
PLAINER_WORDS = {
    "utilise": "use",
    "utilize": "use",
    "commence": "start",
    "facilitate": "help, make possible",
    "endeavour": "try",
    "in order to": "to",
    "prior to": "before",
    "subsequent to": "after",
    "approximately": "about",
    "assist": "help",
    "ascertain": "find out",
    "purchase": "buy",
    "sufficient": "enough",
    "additional": "more, extra",
    "terminate": "end",
    "notwithstanding": "even though, despite",
    "in excess of": "more than",
    "with regard to": "about",
    "in respect of": "about, for",
    "in relation to": "about",
    "at this moment in time": "now",
    "at the present time": "now",
    "going forward": "from now on, in future",
    "leverage": "use",
    "obtain": "get",
    "regarding": "about",
    "empower": "let, allow",
    "in accordance with": "under, following",
    "implement": "carry out, do",
    "robust": "strong, reliable",
    "streamline": "simplify",
    "stakeholders": "the people or groups you mean",
    "synergy": "working together",
    "holistic": "whole",
    "incentivise": "encourage",
    "dialogue": "talk, discussion",
    "transform": "change (say how)",
    "in conjunction with": "with",
    "furthermore": "also",
    "moreover": "also",
    "thereby": "so",
    "henceforth": "from now on",
    "in the event that": "if",
    "a number of": "some, several, or the number",
    "whilst": "while",
    "amongst": "among",
}
_PLAINER = re.compile(
    r"\b("
    + "|".join(re.escape(word) for word in sorted(PLAINER_WORDS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def sentences(blocks):
    """Split the post's paragraphs into sentences."""
    found = []
    for block in blocks:
        found.extend(part.strip() for part in SENTENCE_END.split(block) if part.strip())
    return found


def word_count(text):
    return len(WORD.findall(text))


def reading_age(text):
    """Return the reading age of the text, a whole number, or None when there is too little."""
    if word_count(text) < 20:
        return None
    return max(5, round(textstat.flesch_kincaid_grade(text) + 5))


def reading_minutes(words):
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0


def check_plain_english(blocks):
    """Return the advice for the post's text, and its figures (words, minutes, reading age)."""
    said = sentences(blocks)
    # A heading, list item or table cell is a sentence of its own to the reading age too.
    text = ADDRESS.sub("address", " ".join(s if s[-1] in ".!?" else f"{s}." for s in said))
    words = word_count(text)
    age = reading_age(text)
    found = []
    if age is not None and age > READING_AGE_TARGET:
        found.append(
            suggestion(
                "reading-age",
                PLAIN_ENGLISH,
                f"Reading age about {age}: aim for {READING_AGE_TARGET}.",
                "Most people read better when the words are plain, and everyone reads faster. A "
                "reading age of 9 is what GOV.UK writes for; specialists prefer it too.",
                "Use shorter sentences and everyday words. Split a sentence that holds two ideas.",
                f"the whole post (reading age {age})",
            )
        )
    for sentence in said:
        length = word_count(sentence)
        if length > LONG_SENTENCE_WORDS:
            found.append(
                suggestion(
                    "long-sentence",
                    PLAIN_ENGLISH,
                    f"A sentence of {length} words.",
                    f"Sentences over {LONG_SENTENCE_WORDS} words are hard to follow; readers "
                    "lose the start before they reach the end.",
                    "Split it into two or three sentences, one idea each.",
                    sentence,
                )
            )
    seen = set()
    for match in _PLAINER.finditer(text):
        word = match.group().casefold()
        if word in seen:
            continue
        seen.add(word)
        found.append(
            suggestion(
                "plainer-word",
                PLAIN_ENGLISH,
                f"“{match.group()}”: try “{PLAINER_WORDS[word]}”.",
                "Plain words are understood by more people, more quickly, including people "
                "reading in a second language.",
                f"Use “{PLAINER_WORDS[word]}” instead of “{match.group()}”.",
                word,
            )
        )
    figures = {"words": words, "minutes": reading_minutes(words), "reading_age": age}
    return found, figures

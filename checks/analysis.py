"""Run every check on a post's parts: what the publish box shows and the publish gate uses."""

from dataclasses import dataclass, field

from checks.accessibility import check_accessibility
from checks.completeness import check_completeness
from checks.findings import ACCESSIBILITY, COMPLETENESS, PLAIN_ENGLISH
from checks.markup import parse, text_blocks
from checks.plain_english import WORDS_PER_MINUTE, check_plain_english
from posts.sanitize import refresh_body

KINDS = [ACCESSIBILITY, PLAIN_ENGLISH, COMPLETENESS]


@dataclass
class Report:
    findings: list
    words: int = 0
    minutes: int = 0
    reading_age: int | None = None
    words_per_minute: int = WORDS_PER_MINUTE
    long_sentences: list = field(default_factory=list)

    @property
    def problems(self):
        return [finding for finding in self.findings if finding.blocking]

    @property
    def suggestions(self):
        return [finding for finding in self.findings if not finding.blocking]

    def by_kind(self):
        return [
            (kind, [finding for finding in self.findings if finding.kind == kind]) for kind in KINDS
        ]


def analyse(*, title="", body="", excerpt="", featured_photo=None, tags=()):
    """Check a post's title, body HTML, excerpt, featured photo (with alt_text) and tag names."""
    # A player is checked as it will be saved: with the captions and transcript its library has.
    root = parse(refresh_body(body))
    blocks = text_blocks(root)
    plain, figures = check_plain_english(blocks)
    findings = [
        *check_accessibility(root, featured_photo=featured_photo),
        *plain,
        *check_completeness(title=title, excerpt=excerpt, featured_photo=featured_photo, tags=tags),
    ]
    return Report(
        findings=findings,
        words=figures["words"],
        minutes=figures["minutes"],
        reading_age=figures["reading_age"],
        long_sentences=[f.where for f in findings if f.code == "long-sentence"],
    )


def blocking_keys(findings):
    return sorted({finding.key for finding in findings if finding.blocking})

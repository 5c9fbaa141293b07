"""What a check finds: one problem or suggestion, with why it matters and how to fix it."""

from dataclasses import dataclass

ACCESSIBILITY = "accessibility"
PLAIN_ENGLISH = "plain English"
COMPLETENESS = "completeness"


@dataclass(frozen=True)
class Finding:
    code: str
    kind: str
    blocking: bool
    message: str
    why: str
    fix: str
    # Where in the post: the heading, link text, sentence or word, in the writer's own words.
    where: str = ""

    @property
    def key(self):
        """Name this finding in the post (the same fault in the same place keeps its key)."""
        return f"{self.code}:{' '.join(self.where.split()).casefold()}"


def problem(code, message, why, fix, where=""):
    """An accessibility failure: it blocks publishing."""
    return Finding(code, ACCESSIBILITY, True, message, why, fix, where)


def suggestion(code, kind, message, why, fix, where=""):
    return Finding(code, kind, False, message, why, fix, where)

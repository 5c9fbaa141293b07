"""What an import did, counted and explained, for the final report."""

import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# The order rows appear in the report.
KINDS = ["authors", "commenters", "tags", "posts", "pages", "comments", "media", "old addresses"]


@dataclass
class ImportReport:
    source: str = ""
    title: str = ""
    wxr_version: str = ""
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    # Reason -> the items skipped for it, so that 70 menu items make one line, not 70.
    skipped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    warnings: list[str] = field(default_factory=list)
    # What lenient reading repaired: kind -> "line 12" or "line 12 (U+0008)" for each repair.
    repairs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)
    # One line per WordPress category and tag: what it became.
    terms: list[str] = field(default_factory=list)

    def count(self, kind, state, number=1):
        self.counts[(kind, state)] += number

    def skip(self, what, reason):
        self.skipped[reason].append(what)

    def repair(self, line, kind, detail=""):
        self.repairs[kind].append(f"line {line}" + (f" ({detail})" if detail else ""))

    def warn(self, message):
        self.warnings.append(message)

    def total(self, kind, state=None):
        return sum(
            number
            for (row, column), number in self.counts.items()
            if row == kind and (state is None or column == state)
        )

    def lines(self, *, verbose=False):
        """Return the report as lines of text."""
        action = "Would import (dry run: nothing was saved)" if self.dry_run else "Imported"
        lines = [f"{action} from {self.title or 'a WordPress export'} ({self.source}, WXR "]
        lines[0] += f"{self.wxr_version})."
        for kind in KINDS:
            states = {state: n for (row, state), n in sorted(self.counts.items()) if row == kind}
            if states:
                detail = ", ".join(f"{number} {state}" for state, number in states.items())
                lines.append(f"  {kind.capitalize()}: {detail}")
        lines.extend(f"  {note}" for note in self.notes)
        if self.terms:
            lines.append(f"Categories and tags ({len(self.terms)}):")
            lines.extend(f"  {term}" for term in self.terms)
        if self.repairs:
            total = sum(len(places) for places in self.repairs.values())
            lines.append(f"Repaired in the export ({total}; --strict refuses such a file instead):")
            for kind, places in self.repairs.items():
                shown = places if verbose or len(places) <= 5 else [*places[:3], "…"]
                lines.append(f"  {len(places)} × {kind}: {'; '.join(shown)}")
        if self.skipped:
            total = sum(len(items) for items in self.skipped.values())
            lines.append(f"Skipped ({total}):")
            for reason, items in self.skipped.items():
                shown = items if verbose or len(items) <= 5 else [*items[:3], "…"]
                lines.append(f"  {len(items)} × {reason}: {'; '.join(shown)}")
        if self.warnings:
            lines.append(f"Warnings ({len(self.warnings)}):")
            lines.extend(f"  {warning}" for warning in self.warnings)
        return lines


class ProgressBar:
    """Draw a one-line progress bar on standard error when it is a terminal, and nothing else."""

    WIDTH = 30

    def __init__(self, total, *, label="Importing", stream=None):
        self.total = max(total, 1)
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = getattr(self.stream, "isatty", bool)()
        self.done = 0
        self.drawn = -1

    def advance(self, number=1):
        self.done += number
        percent = min(100, self.done * 100 // self.total)
        if self.enabled and percent != self.drawn:
            self.drawn = percent
            filled = self.WIDTH * percent // 100
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {percent:3d}% {self.done}/{self.total}")
            self.stream.flush()

    def finish(self):
        if self.enabled and self.drawn >= 0:
            self.stream.write("\n")
            self.stream.flush()

"""Reach by directorate without singling out a small team, even by subtraction.

A directorate with fewer readers than the threshold shows "fewer than N" (a primary suppression).
The post's total is shown exactly elsewhere, so the total minus the figures shown is the sum of
the hidden ones; when that sum would narrow a hidden figure down (one small directorate alone, or
two that must both be 9), the smallest shown directorate is hidden too and shows "N or more" (a
secondary suppression), until every small directorate could hold any figure from 1 to N-1. If
even hiding all of them cannot do that, no directorate is shown at all.
"""

from dataclasses import dataclass

NO_DIRECTORATE = "No directorate recorded"

EXACT = "exact"
FEWER = "fewer"
OR_MORE = "or_more"


@dataclass(frozen=True)
class ReachRow:
    name: str
    kind: str  # EXACT, FEWER or OR_MORE
    readers: int | None  # None unless kind is EXACT
    share: int | None = None  # per cent of all the post's readers, for EXACT rows

    def words(self, threshold):
        if self.kind == FEWER:
            return f"fewer than {threshold}"
        if self.kind == OR_MORE:
            return f"{threshold} or more"
        return str(self.readers)


def _hidden_figures_safe(small, hidden_large, total_hidden, threshold):
    """Whether each small figure could be anything from 1 to threshold-1, given the hidden sum."""
    most = threshold - 1
    # A large hidden one has no upper bound, so beside one a small one may be as low as 1.
    lowest = 1 if hidden_large else max(1, total_hidden - most * (small - 1))
    highest = min(most, total_hidden - (small - 1) - hidden_large * threshold)
    return lowest == 1 and highest == most


def reach_rows(totals, threshold):
    """Return the rows to show for {directorate: readers}, or None when none may be shown."""
    groups = {(name or NO_DIRECTORATE): readers for name, readers in totals.items() if readers > 0}
    small = sorted(name for name, readers in groups.items() if readers < threshold)
    # Smallest first: the ones hidden to protect a small directorate cost the least to hide.
    large = sorted(
        (name for name in groups if name not in small), key=lambda name: (groups[name], name)
    )
    hidden_large = []
    if small:
        total_hidden = sum(groups[name] for name in small)
        while not _hidden_figures_safe(len(small), len(hidden_large), total_hidden, threshold):
            if not large:
                return None
            name = large.pop(0)
            hidden_large.append(name)
            total_hidden += groups[name]
    everyone = sum(groups.values())
    shown = sorted(large, key=lambda name: (-groups[name], name))
    rows = [
        ReachRow(name, EXACT, groups[name], round(100 * groups[name] / everyone)) for name in shown
    ]
    # Hidden rows in the order of their names: an order by size would tell their sizes.
    rows += [ReachRow(name, OR_MORE, None) for name in sorted(hidden_large)]
    rows += [ReachRow(name, FEWER, None) for name in small]
    return rows

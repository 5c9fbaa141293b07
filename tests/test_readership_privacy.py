"""Reach by directorate: small groups show "fewer than 10" and cannot be found by subtraction."""

import itertools

import pytest

from readership.privacy import EXACT, FEWER, NO_DIRECTORATE, OR_MORE, reach_rows


def shown(rows, threshold=10):
    return [(row.name, row.words(threshold)) for row in rows]


def test_large_directorates_show_their_readers_most_first_with_their_share():
    rows = reach_rows({"Finance": 30, "Children's services": 50, "Adults": 20}, 10)

    assert shown(rows) == [("Children's services", "50"), ("Finance", "30"), ("Adults", "20")]
    assert [row.share for row in rows] == [50, 30, 20]


def test_a_directorate_of_nine_shows_fewer_than_ten_and_the_smallest_other_is_hidden_too():
    # Alone, Legal's 9 would be the total (89) less the figures shown (80).
    rows = reach_rows({"Legal": 9, "Finance": 30, "Children's services": 50}, 10)

    assert shown(rows) == [
        ("Children's services", "50"),
        ("Finance", "10 or more"),
        ("Legal", "fewer than 10"),
    ]
    assert [row.readers for row in rows] == [50, None, None]


def test_several_small_directorates_need_no_other_hidden_when_their_sum_says_nothing():
    rows = reach_rows({"Legal": 5, "Audit": 5, "Estates": 5, "Finance": 40}, 10)

    assert shown(rows) == [
        ("Finance", "40"),
        ("Audit", "fewer than 10"),
        ("Estates", "fewer than 10"),
        ("Legal", "fewer than 10"),
    ]


def test_two_directorates_of_nine_are_not_left_to_be_worked_out_as_eighteen():
    rows = reach_rows({"Legal": 9, "Audit": 9, "Finance": 40, "Adults": 60}, 10)

    assert shown(rows) == [
        ("Adults", "60"),
        ("Finance", "10 or more"),
        ("Audit", "fewer than 10"),
        ("Legal", "fewer than 10"),
    ]


def test_no_directorate_is_shown_when_nothing_can_hide_a_small_one():
    assert reach_rows({"Legal": 9}, 10) is None
    assert reach_rows({"Legal": 9, "Audit": 9}, 10) is None
    # Hiding Finance and Adults too would leave Legal's 1 as 22 less at least 20, less 1.
    assert reach_rows({"Legal": 1, "Finance": 10, "Adults": 11}, 10) is None


def test_staff_with_no_directorate_are_a_group_like_any_other():
    rows = reach_rows({"": 12, "Finance": 30, "Empty": 0}, 10)

    assert shown(rows) == [("Finance", "30"), (NO_DIRECTORATE, "12")]


def test_the_threshold_is_the_setting_given():
    rows = reach_rows({"Legal": 4, "Audit": 3, "Estates": 2, "Finance": 30}, 5)

    assert shown(rows, 5) == [
        ("Finance", "30"),
        ("Audit", "fewer than 5"),
        ("Estates", "fewer than 5"),
        ("Legal", "fewer than 5"),
    ]


def feasible_values(rows, totals_shown_sum, total, threshold, name):
    """Every figure the named hidden directorate could have, given only what the page shows."""
    hidden = [row for row in rows if row.kind != EXACT]
    ranges = [
        range(1, threshold) if row.kind == FEWER else range(threshold, total + 1) for row in hidden
    ]
    target = [row.name for row in hidden].index(name)
    found = set()
    for values in itertools.product(*ranges):
        if sum(values) == total - totals_shown_sum:
            found.add(values[target])
    return found


@pytest.mark.parametrize(
    "totals",
    [
        {"Legal": 9, "Finance": 30, "Adults": 50},
        {"Legal": 9, "Audit": 9, "Finance": 12, "Adults": 13},
        {"Legal": 1, "Audit": 1, "Finance": 25},
        {"Legal": 2, "Audit": 7, "Estates": 3, "Finance": 10, "Adults": 10},
    ],
)
def test_no_small_directorate_can_be_narrowed_down_by_subtraction(totals):
    threshold = 10
    rows = reach_rows(totals, threshold)
    assert rows is not None
    total = sum(totals.values())
    shown_sum = sum(row.readers for row in rows if row.kind == EXACT)

    for row in rows:
        if row.kind == FEWER:
            assert feasible_values(rows, shown_sum, total, threshold, row.name) == set(
                range(1, threshold)
            ), row.name
        if row.kind == OR_MORE:
            assert len(feasible_values(rows, shown_sum, total, threshold, row.name)) > 1

"""Small numbers are hidden from commissioners, and no hidden count can be worked back out
by subtracting shown numbers from a shown total."""

from hypothesis import given
from hypothesis import strategies as st

from navigator.reports.figures import (
    COUNT,
    HIDDEN_TEXT,
    PERCENT,
    SMALL_TEXT,
    Column,
    Figure,
    Row,
    Sum,
    share,
    suppress,
    with_column_totals,
)
from navigator.reports.tests.helpers import derivable, totals_grid


def counted(key: str, counts: list[int]) -> Figure:
    figure = Figure(
        key=key,
        title=key,
        label_heading="Group",
        columns=[Column("People"), Column("Share", PERCENT, depends_on=(0,))],
        rows=[
            Row(f"Group {index}", [count, share(count, sum(counts))])
            for index, count in enumerate(counts)
        ],
    )
    return with_column_totals(figure)


def test_counts_below_five_are_shown_as_less_than_five() -> None:
    figure = suppress([counted("f", [3, 40, 50])])[0]
    assert figure.table()[0][:2] == ["Group 0", SMALL_TEXT]
    assert figure.text(0, 1) == HIDDEN_TEXT  # its share would give it away


def test_a_single_small_count_takes_the_next_smallest_with_it() -> None:
    figure = suppress([counted("f", [3, 40, 50])])[0]
    assert [line[1] for line in figure.table()] == [SMALL_TEXT, HIDDEN_TEXT, "50", "93"]


def test_two_small_counts_protect_each_other() -> None:
    figure = suppress([counted("f", [3, 2, 50])])[0]
    assert [line[1] for line in figure.table()] == [SMALL_TEXT, SMALL_TEXT, "50", "55"]


def test_a_total_below_five_hides_the_group() -> None:
    figure = suppress([counted("f", [0, 0])])[0]
    assert [line[1] for line in figure.table()] == [SMALL_TEXT, SMALL_TEXT, SMALL_TEXT]


def test_a_single_row_and_its_total_are_hidden_together() -> None:
    figure = suppress([counted("f", [7])])[0]
    assert [line[1] for line in figure.table()] == ["7", "7"]
    figure = suppress([counted("f", [4])])[0]
    assert [line[1] for line in figure.table()] == [SMALL_TEXT, SMALL_TEXT]


def test_sums_across_figures_are_protected() -> None:
    # The second figure's total repeats a count of the first: hiding one hides the other.
    first = counted("first", [10, 20])
    second = counted("second", [3, 17])
    second.sums.append(Sum(("second", 2, 0), (("first", 0, 0),)))
    suppress([first, second])
    assert second.text(1, 0) == HIDDEN_TEXT
    assert second.text(2, 0) == "20"
    # Not hidden: the total and the first count (10) are not linked, and 20 equals 20.
    assert first.text(0, 0) == "10"


@given(st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=1, max_size=8))
def test_no_hidden_count_can_be_derived_from_totals(rows: list[list[int]]) -> None:
    """A table with row and column totals, as contacts by mode and setting has."""
    figure = totals_grid(rows)
    suppress([figure])

    assert not derivable([figure])
    for row_index, row in enumerate(figure.rows):
        for column_index, column in enumerate(figure.columns):
            if column.kind == COUNT and row.values[column_index] < 5:
                assert figure.text(row_index, column_index) == SMALL_TEXT
            if figure.text(row_index, column_index) not in (SMALL_TEXT, HIDDEN_TEXT):
                assert figure.text(row_index, column_index) == str(row.values[column_index])

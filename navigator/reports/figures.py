"""One table structure for every figure, rendered to the page, CSV and XLSX by the same code,
and the one place where commissioners' figures are protected (`protect`): small numbers
hidden, then every count rounded.

A figure is a table: a label column, then value columns. Count columns hold whole numbers;
other columns (shares, medians, means) are worked out from counts and name the counts they
depend on, so hiding a count hides what would reveal it. Sums that a reader could use to work
a hidden count back out (a column's total, a funnel step equal to the next step plus the
people who stopped or are still there) are declared as `Sum` constraints, possibly across
figures of the same report; `suppress` hides more cells until no hidden count can be derived.

Suppression alone does not survive differencing: a commissioner can ask for January to March
and for January to February and subtract, recovering March's count exactly however small.
So, as NHS England and NHS Digital do in published statistics, `round_counts` then rounds
every count still shown to the nearest `ROUND_TO` (12 is shown as 10, 13 as 15), totals
included, each rounded on its own (a total may not equal the sum of its rounded parts).
The difference of two rounded counts leaves the hidden count within a range of values, not one.
Rounding alone would narrow rather than close the door: a reader who moved the end date a day
at a time could see the day a rounded count steps (10 to 15 means it went from at most 12 to
at least 13). Deterministic rounding protects fixed periods best, so commissioners' periods are
widened to whole months (reports.forms.FilterForm).

Derived values must not give the exact counts back:
- A share declares the two count columns of its own row it is worked out from
  (`Column(..., PERCENT, share_of=(part, whole))`); for commissioners it is worked out again
  from the rounded counts, so it tells nothing the rounded counts do not. Every share of the
  reports is of this kind, which is the cleaner design: the page's share agrees with the
  page's counts.
- A percentage without `share_of` (a share of something not shown in its row) is rounded
  to a whole percent, coarse enough not to pin down a count.
- Medians, percentiles, means and confidence intervals describe the values counted (days,
  scores, contacts per case), not how many were counted; they are kept to one decimal place
  and hidden whenever a count they depend on is hidden.
Managers' figures are never rounded: `protect` is only called for commissioners, and after
it the figure holds no exact count, so the page, the chart and the downloads, all drawn from
the same values, agree cell for cell.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SMALL = 5  # counts below this are hidden from commissioners
ROUND_TO = 5  # commissioners' other counts are rounded to the nearest multiple of this
# How many rows a report page lists of a figure that can be long at national scale (GP
# practices, activity providers), most first; the rest are summed in one row, and the
# downloads list every one.
MOST_ROWS_SHOWN = 50
SMALL_TEXT = "<5"
HIDDEN_TEXT = "*"  # hidden so that a small number elsewhere cannot be worked out
SUPPRESSION_NOTE = (
    f'Counts below {SMALL} are shown as "{SMALL_TEXT}"; other counts are rounded to the '
    f"nearest {ROUND_TO}, so totals may not equal the sum of rounded parts. Percentages are "
    "worked out from the rounded counts. Cells marked "
    f'"{HIDDEN_TEXT}" are hidden as well, so that a small count cannot be worked out from '
    "the totals."
)

NO_RECORDS = "No records match these filters."

COUNT = "count"
PERCENT = "percent"
NUMBER = "number"  # a mean, median or other figure with one decimal place
TEXT = "text"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT
    # For a derived column: the count columns (by index in `values`) it is worked out from.
    depends_on: tuple[int, ...] = ()
    # For a share: (part, whole), count columns of the same row; implies depends_on.
    share_of: tuple[int, int] | None = None

    @property
    def inputs(self) -> tuple[int, ...]:
        """Every count column of the row this column is worked out from."""
        return self.depends_on + (self.share_of or ())


@dataclass
class Row:
    label: str
    values: list[Any]
    is_total: bool = False


Cell = tuple[str, int, int]  # (figure key, row index, value column index)


@dataclass(frozen=True)
class Sum:
    """`total` equals the sum of `parts`: knowing all but one of them reveals the last."""

    total: Cell
    parts: tuple[Cell, ...]


@dataclass
class Figure:
    key: str
    title: str
    label_heading: str
    columns: list[Column]
    rows: list[Row]
    note: str = ""
    chart: str | None = "bar"  # "bar", "horizontal" or None
    chart_column: int = 0  # the value column the chart draws
    sums: list[Sum] = field(default_factory=list)
    # The records whose personal data the figure shows, for the audit trail.
    shown_records: list[Any] = field(default_factory=list)
    # Hidden cells: value column index -> SMALL_TEXT or HIDDEN_TEXT, per row.
    hidden: dict[tuple[int, int], str] = field(default_factory=dict)
    # When the rows are one page of many (a django Page): the page shows its links.
    page: Any = None

    @property
    def headings(self) -> list[str]:
        return [self.label_heading, *(column.label for column in self.columns)]

    def text(self, row: int, column: int) -> str:
        """A cell as the page, the CSV and the spreadsheet show it."""
        if (row, column) in self.hidden:
            return self.hidden[(row, column)]
        return format_value(self.rows[row].values[column], self.columns[column].kind)

    def table(self) -> list[list[str]]:
        """Every row as shown: the label, then each value's text."""
        return [
            [row.label, *(self.text(index, column) for column in range(len(self.columns)))]
            for index, row in enumerate(self.rows)
        ]

    def is_empty(self) -> bool:
        return not any(not row.is_total for row in self.rows)


def format_value(value: Any, kind: str) -> str:
    if value is None:
        return "–"
    if kind == COUNT:
        return str(int(value))
    if kind == PERCENT:
        if isinstance(value, int):  # rounded to a whole percent for commissioners
            return f"{value}%"
        return f"{Decimal(value):.1f}%"
    if kind == NUMBER:
        return f"{Decimal(value):.1f}"
    return str(value)


def the_others(things: str, thing: str, shown: int, others: int) -> tuple[str, str]:
    """For a page that lists a long figure's first `shown` rows (`MOST_ROWS_SHOWN`) and the
    other `others` in one row: that row's label and the figure's note."""
    return (
        f"The other {others:,} {things}",
        f"The {shown} {things} with the most referrals, then the others together; "
        f"the download lists every {thing}.",
    )


def with_column_totals(figure: Figure, label: str = "Total") -> Figure:
    """Add a total row summing every count column, declared as sums for suppression."""
    body = [index for index, row in enumerate(figure.rows) if not row.is_total]
    totals: list[Any] = []
    for column_index, column in enumerate(figure.columns):
        if column.kind == COUNT:
            totals.append(sum(figure.rows[index].values[column_index] or 0 for index in body))
        else:
            totals.append(None)
    figure.rows.append(Row(label, totals, is_total=True))
    total_row = len(figure.rows) - 1
    for column_index, column in enumerate(figure.columns):
        if column.kind == COUNT and body:
            figure.sums.append(
                Sum(
                    (figure.key, total_row, column_index),
                    tuple((figure.key, index, column_index) for index in body),
                )
            )
    return figure


def share(part: int | None, whole: int | None) -> Decimal | None:
    if not whole or part is None:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def suppress(figures: list[Figure]) -> list[Figure]:
    """Hide small counts (primary), then more counts until none can be derived from a sum
    (secondary), then every figure worked out from a hidden count. Changes the figures."""
    by_key = {figure.key: figure for figure in figures}

    def value(cell: Cell) -> int:
        key, row, column = cell
        return by_key[key].rows[row].values[column] or 0

    def is_hidden(cell: Cell) -> bool:
        key, row, column = cell
        return (row, column) in by_key[key].hidden

    def hide(cell: Cell, text: str) -> None:
        key, row, column = cell
        by_key[key].hidden[(row, column)] = text

    for figure in figures:
        for row_index, row in enumerate(figure.rows):
            for column_index, column in enumerate(figure.columns):
                count = row.values[column_index]
                if column.kind == COUNT and count is not None and count < SMALL:
                    hide((figure.key, row_index, column_index), SMALL_TEXT)

    sums = [each for figure in figures for each in figure.sums]
    changed = True
    while changed:
        changed = False
        for each in sums:
            cells = [each.total, *each.parts]
            if sum(1 for cell in cells if is_hidden(cell)) != 1:
                continue
            # One hidden cell in a sum is the sum minus the others: hide the smallest part
            # too (the total only when there is no other part to hide). Of parts tied for
            # smallest, the last: rows go most first, and a page that lists only the first
            # rows sums the rest in one (GP practices), so a tie at its edge must be hidden
            # among the rest, or the page's row less the download's would give it away.
            candidates = [cell for cell in each.parts if not is_hidden(cell)]
            if not candidates and not is_hidden(each.total):
                candidates = [each.total]
            if not candidates:
                continue
            hide(min(reversed(candidates), key=value), HIDDEN_TEXT)
            changed = True

    for figure in figures:
        for row_index in range(len(figure.rows)):
            for column_index, column in enumerate(figure.columns):
                if column.kind == COUNT:
                    continue
                if any((row_index, needed) in figure.hidden for needed in column.inputs):
                    figure.hidden[(row_index, column_index)] = HIDDEN_TEXT
    return figures


def rounded(count: int) -> int:
    """`count` to the nearest `ROUND_TO` (no count is ever half-way with whole numbers and 5)."""
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


def round_counts(figures: list[Figure]) -> list[Figure]:
    """Round every count still shown, each on its own (totals too), then work shares out
    again from the rounded counts and round other percentages to a whole percent. Replaces
    the values, so that everything drawn from the figure shows the rounded ones."""
    for figure in figures:
        for row_index, row in enumerate(figure.rows):
            shown = [
                (index, column)
                for index, column in enumerate(figure.columns)
                if (row_index, index) not in figure.hidden and row.values[index] is not None
            ]
            for index, column in shown:
                if column.kind == COUNT:
                    row.values[index] = rounded(int(row.values[index]))
            for index, column in shown:
                if column.share_of:
                    part, whole = column.share_of
                    row.values[index] = share(row.values[part], row.values[whole])
                elif column.kind == PERCENT:
                    row.values[index] = int(
                        Decimal(row.values[index]).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                    )
    return figures


def protect(figures: list[Figure]) -> list[Figure]:
    """Figures as a commissioner may see them: small counts hidden, with every count that
    would give one away (`suppress`), then every count shown rounded (`round_counts`)."""
    return round_counts(suppress(figures))

"""A chart draws the figure's chart column; a long table's horizontal chart draws its first
rows only, and its description says so."""

import base64

from navigator.reports.charts import chart, chart_description
from navigator.reports.figures import Column, Figure, Row, with_column_totals


def practices(count: int) -> Figure:
    """GP practices most first, as the flow section orders them."""
    figure = Figure(
        key="by_gp_practice",
        title="Referrals by GP practice",
        label_heading="GP practice",
        columns=[Column("Referrals")],
        rows=[Row(f"Practice {number}", [2000 - number]) for number in range(count)],
        chart="horizontal",
    )
    return with_column_totals(figure)


def bars(figure: Figure) -> list[str]:
    """The bars' labels in the drawn SVG."""
    svg = base64.b64decode(chart(figure).removeprefix("data:image/svg+xml;base64,")).decode()
    return [f"Practice {number}" for number in range(2000) if f">Practice {number}<" in svg]


def test_a_short_table_is_drawn_whole() -> None:
    figure = practices(3)

    assert bars(figure) == ["Practice 0", "Practice 1", "Practice 2"]
    assert chart_description(figure) == (
        "Bar chart of referrals for each gp practice, as in the table that follows"
    )


def test_a_long_table_draws_its_first_30_rows_and_says_so() -> None:
    figure = practices(1300)

    assert bars(figure) == [f"Practice {number}" for number in range(30)]
    assert chart_description(figure) == (
        "Bar chart of referrals for the first 30 of 1300 rows, as in the table that follows"
    )


def test_the_same_figure_is_drawn_once_and_a_changed_one_again(monkeypatch) -> None:
    import pygal

    drawn = []
    render = pygal.HorizontalBar.render
    monkeypatch.setattr(
        pygal.HorizontalBar,
        "render",
        lambda self, **options: drawn.append(figure.title) or render(self, **options),
    )
    figure = practices(3)
    figure.title = "Referrals by GP practice, drawn once"

    first = chart(figure)
    assert chart(figure) == first
    assert drawn == ["Referrals by GP practice, drawn once"]

    figure.rows[0].values[0] += 1
    assert chart(figure) != first
    assert len(drawn) == 2

"""A figure drawn as a bar chart (SVG, as a data: URI for an <img>); the figure's table is
always shown beside it and carries the numbers."""

import base64
import functools

from navigator.plans.selectors import _pygal_config
from navigator.reports.figures import Figure

# A horizontal chart draws at most this many bars: the first rows of its table, which
# where a table can be long (GP practices, link workers, providers, reasons) come most
# first. A national report has thousands of those rows: a bar each was a picture tens of
# thousands of pixels tall that took seconds to draw, and said nothing the table does not.
MOST_BARS = 30


def _points(figure: Figure) -> list[tuple[str, float]]:
    """The chart column's values to draw, hidden cells left out."""
    points = [
        (row.label, row.values[figure.chart_column])
        for index, row in enumerate(figure.rows)
        if not row.is_total and (index, figure.chart_column) not in figure.hidden
    ]
    return [(label, float(value)) for label, value in points if value is not None]


def chart(figure: Figure) -> str | None:
    """The figure's chart column as bars; None when nothing to draw."""
    if figure.chart is None:
        return None
    points = _points(figure)
    if figure.chart == "horizontal":
        points = points[:MOST_BARS]
    if not points:
        return None
    return _drawn(
        figure.chart, figure.title, figure.columns[figure.chart_column].label, tuple(points)
    )


@functools.lru_cache(maxsize=256)
def _drawn(kind: str, title: str, series: str, points: tuple[tuple[str, float], ...]) -> str:
    """The bars drawn. Drawing is about a fifth of a report page's CPU, and everyone who opens
    a page sees the same figures until they change, so each process keeps the charts it drew
    last (a few kilobytes each)."""
    import pygal

    chart = (pygal.HorizontalBar if kind == "horizontal" else pygal.Bar)(
        title=title,
        show_legend=False,
        height=160 + 40 * len(points) if kind == "horizontal" else 420,
        x_label_rotation=0 if kind == "horizontal" else 30,
        **_pygal_config(),
    )
    chart.x_labels = [label for label, _ in points]
    chart.add(series, [value for _, value in points])
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def chart_description(figure: Figure) -> str:
    which = f"each {figure.label_heading.lower()}"
    if figure.chart == "horizontal":
        every = len(_points(figure))
        if every > MOST_BARS:
            which = f"the first {MOST_BARS} of {every} rows"
    return (
        f"Bar chart of {figure.columns[figure.chart_column].label.lower()} for {which}, "
        "as in the table that follows"
    )

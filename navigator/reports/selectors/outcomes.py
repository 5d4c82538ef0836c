"""Outcomes: change from baseline to the end of support and to follow-up."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    F,
    Q,
    QuerySet,
)

from navigator.outcomes.instruments import MEASURES, MeasureInfo, measure_info
from navigator.outcomes.models import Score, TimePoint
from navigator.reports.figures import (
    NUMBER,
    PERCENT,
    TEXT,
    Column,
    Figure,
    Row,
    Sum,
    share,
)
from navigator.reports.selectors.base import (
    Report,
)
from navigator.reports.selectors.statistics import confidence_interval, deviation
from navigator.reports.selectors.tallies import (
    HUNDREDTHS,
    LATER_TIME_POINTS,
    SMALLEST_CHANGE,
    answerable,
    tally,
)


def _score_rows(scores: QuerySet[Score]) -> tuple[str, tuple[Any, ...]]:
    """The SQL of `scores` as rows the outcome query reads by name: the organisation, person,
    measure, value, time point, when it was completed and the score's id (to order equal
    times)."""
    rows = scores.order_by().values(
        organisation_key=F("organisation"),
        person_key=F("administration__person"),
        measure_key=F("measure"),
        score=F("value"),
        time_point=F("administration__time_point"),
        completed=F("administration__completed_at"),
        score_id=F("pk"),
    )
    return rows.query.sql_with_params()


# For each later time point and measure: how many people have a pair of scores, and the sums
# the figure needs. A person's pair is their first baseline (by completion, then id) and their
# latest score at the time point completed in the period, both recorded by one organisation
# (a service's figures are its own work, and its rollups can hold nothing else). One window
# pass numbers each person's scores of a measure at each time point, one GROUP BY puts a
# person's first baseline and latest closure and follow-up scores side by side, and both
# figures are summed from that. (The ORM's correlated subquery for the later score was
# repeated for every use of the change, minutes at national scale; a join of two ranked sets
# is quadratic on SQLite, which does not index them.) The ORM cannot select from a derived
# table, hence SQL both databases run; its parameters are, in order: baseline, closure,
# follow-up, closure, follow-up.
OUTCOME_SUMS_SQL = """
WITH ranked AS (
    SELECT organisation_key, person_key, measure_key, score, time_point,
        ROW_NUMBER() OVER (
            PARTITION BY organisation_key, person_key, measure_key, time_point
            ORDER BY completed, score_id
        ) AS place,
        COUNT(*) OVER (
            PARTITION BY organisation_key, person_key, measure_key, time_point
        ) AS places
    FROM ({scores}) AS scores
), ends AS (
    SELECT measure_key AS measure,
        MAX(CASE WHEN time_point = %s AND place = 1 THEN score END) AS baseline,
        MAX(CASE WHEN time_point = %s AND place = places THEN score END) AS closure,
        MAX(CASE WHEN time_point = %s AND place = places THEN score END) AS follow_up
    FROM ranked
    GROUP BY organisation_key, person_key, measure_key
), changes AS (
    SELECT %s AS time_point, measure, closure - baseline AS change FROM ends
    UNION ALL
    SELECT %s AS time_point, measure, follow_up - baseline AS change FROM ends
), judged AS (
    SELECT time_point, measure, change,
        {direction} * change AS better, {threshold} AS threshold
    FROM changes
    WHERE change IS NOT NULL
)
SELECT
    time_point,
    measure,
    COUNT(*),
    AVG(change),
    SUM(change),
    SUM(change * change),
    SUM(CASE WHEN better >= threshold THEN 1 ELSE 0 END),
    SUM(CASE WHEN better <= -threshold THEN 1 ELSE 0 END)
FROM judged
GROUP BY time_point, measure
"""


def _by_measure(
    values: Mapping[str, int | Decimal], default: int | Decimal
) -> tuple[str, list[str | int | Decimal]]:
    """A CASE over the measure giving each listed measure its value, and others `default`
    (as numbers: SQLite would compare a text parameter as text)."""
    if not values:
        return "CAST(%s AS NUMERIC)", [default]
    whens = " ".join("WHEN %s THEN CAST(%s AS NUMERIC)" for _ in values)
    params = [param for pair in values.items() for param in pair]
    return f"(CASE measure {whens} ELSE CAST(%s AS NUMERIC) END)", [*params, default]


def _as_decimal(value: Decimal | float | None) -> Decimal | None:
    """A sum or mean of changes as the ORM gives it: exact from PostgreSQL; from SQLite's
    floats, to the 15 significant digits SQLite keeps."""
    if value is None or isinstance(value, Decimal):
        return value
    return Context(prec=15).create_decimal_from_float(float(value))


@dataclass(frozen=True)
class OutcomeSums:
    people: int
    mean: Decimal | None
    total: Decimal | None
    squares: Decimal | None
    improved: int
    declined: int


def _outcome_sums(report: Report) -> dict[str, dict[str, OutcomeSums]]:
    """By later time point, then measure (those with any pairs): the change from each
    person's first baseline to their latest score at that point completed in the period,
    summed up in the database. One query serves both outcome figures."""

    def compute() -> dict[str, dict[str, OutcomeSums]]:
        sums: dict[str, dict[str, OutcomeSums]] = {str(point): {} for point in LATER_TIME_POINTS}
        read = _stored_rows if answerable(report, "outcomes") else _outcome_sums_rows
        for point, measure, measure_sums in read(report):
            sums[point][measure] = measure_sums
        return sums

    return report.shared("outcomes", compute)


def _stored_rows(report: Report) -> list[tuple[str, str, OutcomeSums]]:
    """Rows of (time point, measure, sums) summed from the rollups, whose changes are whole
    hundredths."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for group in tally(report, "outcomes"):
        point, rest = group.key.split("|", 1)
        measure, judgement = rest.rsplit("|", 1)
        into = sums[point, measure]
        into[0] += group.count
        into[1] += round(group.total or 0)
        into[2] += round(group.squares or 0)
        into[3] += group.count if judgement == "+" else 0
        into[4] += group.count if judgement == "-" else 0
    return [
        (
            point,
            measure,
            OutcomeSums(
                people,
                Decimal(total) / HUNDREDTHS / people,
                Decimal(total) / HUNDREDTHS,
                Decimal(squares) / HUNDREDTHS / HUNDREDTHS,
                improved,
                declined,
            ),
        )
        for (point, measure), (people, total, squares, improved, declined) in sums.items()
    ]


def _outcome_sums_rows(report: Report) -> list[tuple[str, str, OutcomeSums]]:
    """Rows of (time point, measure, sums) summed in the database."""
    baseline, closure, follow_up = (
        str(point) for point in (TimePoint.BASELINE, *LATER_TIME_POINTS)
    )
    later_in_period = Q(administration__time_point__in=[closure, follow_up]) & report._dated(
        "administration__completed_at"
    )
    scores = report.scores().filter(Q(administration__time_point=baseline) | later_in_period)
    # The better direction and the size of change that counts, for the measures that differ
    # from the default (higher is better, any change counts); others are as stored.
    direction, direction_params = _by_measure(
        {key: -1 for key, info in MEASURES.items() if not info.higher_is_better}, 1
    )
    threshold, threshold_params = _by_measure(
        {key: info.meaningful_change for key, info in MEASURES.items() if info.meaningful_change},
        SMALLEST_CHANGE,
    )
    try:
        scores_sql, scores_params = _score_rows(scores)
    except EmptyResultSet:  # no organisations to report on
        return []
    sql = OUTCOME_SUMS_SQL.format(scores=scores_sql, direction=direction, threshold=threshold)
    params = [
        *scores_params,
        *(baseline, closure, follow_up, closure, follow_up),
        *direction_params,
        *threshold_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        return [
            (
                point,
                measure,
                OutcomeSums(
                    people,
                    _as_decimal(mean),
                    _as_decimal(total),
                    _as_decimal(squares),
                    improved,
                    declined,
                ),
            )
            for point, measure, people, mean, total, squares, improved, declined in rows
        ]


def _measure_info(measure: str) -> MeasureInfo | None:
    try:
        return measure_info(measure)
    except KeyError:  # a measure no longer defined: reported as it is stored
        return None


def _outcome_figure(report: Report, time_point: str, key: str, title: str) -> Figure:
    sums_by_measure = _outcome_sums(report)[time_point]
    keys = sorted(sums_by_measure)
    rows = []
    sums = []
    for index, measure in enumerate(keys):
        row = sums_by_measure[measure]
        n, mean = row.people, row.mean
        interval = confidence_interval(mean, deviation(n, row.total, row.squares), n)
        unchanged = n - row.improved - row.declined
        info = _measure_info(measure)
        rows.append(
            Row(
                info.label if info else measure,
                [
                    n,
                    mean,
                    f"{interval[0]:.2f} to {interval[1]:.2f}" if interval else None,
                    row.improved,
                    unchanged,
                    row.declined,
                    share(row.improved, n),
                ],
            )
        )
        sums.append(Sum((key, index, 0), ((key, index, 3), (key, index, 4), (key, index, 5))))
    return Figure(
        key=key,
        title=title,
        label_heading="Measure",
        columns=[
            Column("People with a baseline and a later score"),
            Column("Mean change", NUMBER, depends_on=(0,)),
            Column("95% confidence interval", TEXT, depends_on=(0,)),
            Column("Improved"),
            Column("No meaningful change"),
            Column("Declined"),
            Column("Share improved", PERCENT, share_of=(3, 0)),
        ],
        rows=rows,
        sums=sums,
        chart="horizontal",
        chart_column=6,
        note="Each person's first baseline against their latest score at this point, "
        "completed in the period. Improved or declined means by at least the instrument's "
        "published meaningful change where it has one, otherwise by any amount in the "
        "better or worse direction. A score with missing answers that its instrument cannot "
        "score is left out. Goals and outcome-star areas appear as measures.",
    )


def outcomes_at_closure(report: Report) -> Figure:
    return _outcome_figure(
        report, TimePoint.CLOSURE, "outcomes_closure", "Outcomes at the end of support"
    )


def outcomes_at_follow_up(report: Report) -> Figure:
    return _outcome_figure(
        report, TimePoint.FOLLOW_UP, "outcomes_follow_up", "Outcomes at follow-up after closure"
    )

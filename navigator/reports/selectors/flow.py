"""Flow: referrals by source, reason, GP practice and month; the funnel; waiting."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone

from navigator.contacts.models import ClosureReason
from navigator.core.lookups import AnyOf
from navigator.people.models import GPPractice
from navigator.referrals.models import DeclineReason, SourceType
from navigator.referrals.states import State
from navigator.reports import figures
from navigator.reports.figures import (
    NUMBER,
    PERCENT,
    Column,
    Figure,
    Row,
    Sum,
    share,
    with_column_totals,
)
from navigator.reports.selectors.base import STOPPED_STATES, Report
from navigator.reports.selectors.statistics import days
from navigator.reports.selectors.tallies import (
    EPOCH,
    FUNNEL_STEPS,
    counts,
    distribution,
    ranking,
    tally,
)

UNKNOWN = "Not known"


def _counted(
    key: str, title: str, heading: str, rows: list[tuple[str, int]], **options: Any
) -> Figure:
    figure = Figure(
        key=key,
        title=title,
        label_heading=heading,
        columns=[Column("Referrals")],
        rows=[Row(label, [count]) for label, count in rows],
        **options,
    )
    return with_column_totals(figure)


def _most_first(counted: dict[Any, int], name: Callable[[Any], str]) -> list[tuple[str, int]]:
    """Labelled counts, most first, then by label (unknowns last); `counted` as `ranking`
    gives them, keys that counted nothing already left out."""
    labelled = [(name(key), n, not key) for key, n in counted.items()]
    return [
        (label, n) for label, n, _ in sorted(labelled, key=lambda row: (-row[1], row[2], row[0]))
    ]


def referrals_by_source(report: Report) -> Figure:
    labels = dict(SourceType.choices)
    rows = sorted(
        (
            (labels.get(source, source), n, source)
            for source, n in counts(report, "by_source").items()
        ),
        key=lambda row: (-row[1], row[2]),
    )
    return _counted(
        "by_source",
        "Referrals by source",
        "Source",
        [(label, n) for label, n, _ in rows],
        chart="horizontal",
    )


def referrals_by_reason(report: Report) -> Figure:
    # Reasons of several organisations share names; referrals with none come last.
    rows = _most_first(counts(report, "reason"), lambda name: name or "No reason given")
    return Figure(
        key="by_reason",
        title="Referrals by reason",
        label_heading="Reason",
        columns=[Column("Referrals")],
        rows=[Row(label, [n]) for label, n in rows],
        note="A referral can give more than one reason, so these do not add up to the "
        "number of referrals.",
        chart="horizontal",
    )


def referrals_by_gp_practice(report: Report) -> Figure:
    # A report page shows the practices with most referrals, and the rest in one row: a
    # national report's services name thousands, which its download lists in full.
    shown = None if report.comments_page is None else figures.MOST_ROWS_SHOWN
    # The ranking has those tied with the last one shown as well: ties go in order by name.
    practices = ranking(report, "by_gp_practice", shown)
    names = {
        str(pk): GPPractice.label(name, code)
        for pk, name, code in GPPractice.objects.filter(
            AnyOf(F("pk"), [int(key) for key in practices.leading if key])
        ).values_list("pk", "name", "ods_code")
    }
    ranked = _most_first(
        {key: n for key, n in practices.leading.items() if key in names or not key},
        lambda key: names[key] if key else UNKNOWN,
    )
    note = ""
    if shown is not None and practices.groups > shown:
        listed = ranked[:shown]
        rest = practices.total - sum(n for _, n in listed)
        unknown = practices.unknown and all(label != UNKNOWN for label, _ in listed)
        others, note = figures.the_others(
            "practices", "practice", shown, practices.groups - shown - unknown
        )
        ranked = [*listed, (others + (" and not known" if unknown else ""), rest)]
    return _counted(
        "by_gp_practice",
        "Referrals by GP practice",
        "GP practice",
        ranked,
        chart="horizontal",
        note=note,
    )


def referrals_by_month(report: Report) -> Figure:
    months: dict[datetime.date, int] = defaultdict(int)
    for group in tally(report, "by_source", ("day",)):
        months[group.by[0].replace(day=1)] += group.count
    rows = [(month.strftime("%B %Y"), months[month]) for month in sorted(months) if months[month]]
    return _counted("by_month", "Referrals by month received", "Month", rows)


@dataclass(frozen=True)
class FunnelGroup:
    steps: int  # how many steps of FUNNEL_STEPS were reached in order (1: referred only)
    state: str
    decline_reason: str
    closure_reason: str | None
    referrals: int

    @property
    def stopped(self) -> bool:
        return self.state in STOPPED_STATES


def _funnel_groups(report: Report) -> list[FunnelGroup]:
    """The referrals received, counted by the steps they reached, their state and why they
    stopped: one measure that both the funnel and why people stopped read."""

    def compute() -> list[FunnelGroup]:
        groups = []
        for group in tally(report, "funnel"):
            steps, state, decline_reason, closure_reason = group.key.split("|")
            groups.append(
                FunnelGroup(
                    int(steps),
                    state,
                    decline_reason,
                    None if closure_reason == "?" else closure_reason,
                    group.count,
                )
            )
        return groups

    return report.shared("funnel", compute)


def funnel(report: Report) -> Figure:
    groups = _funnel_groups(report)
    rows = []
    sums = []
    last = len(FUNNEL_STEPS) - 1
    for index, (_, label) in enumerate(FUNNEL_STEPS):
        # Step `index` is reached by those who reached more than `index` steps.
        reached = sum(group.referrals for group in groups if group.steps > index)
        if index < last:
            here = [group for group in groups if group.steps == index + 1]
            left = sum(group.referrals for group in here if group.stopped)
            still = sum(group.referrals for group in here if not group.stopped)
            rows.append(Row(label, [reached, still, left, share(left, reached)]))
            sums.append(
                Sum(
                    ("funnel", index, 0),
                    (("funnel", index + 1, 0), ("funnel", index, 1), ("funnel", index, 2)),
                )
            )
        else:
            rows.append(Row(label, [reached, None, None, None]))
    return Figure(
        key="funnel",
        title="From referral to the end of support",
        label_heading="Step",
        columns=[
            Column("Reached this step"),
            Column("Still at this step"),
            Column("Stopped at this step"),
            Column("Share who stopped here", PERCENT, share_of=(2, 0)),
        ],
        rows=rows,
        sums=sums,
        note="Referrals received in the period. Each step counts those who reached it and "
        "every step before it; those who stopped were declined or their case was closed.",
    )


def why_stopped(report: Report) -> Figure:
    declined = dict(DeclineReason.choices)
    closed: dict[str | None, str] = dict(ClosureReason.choices)
    # Stopped before the end: declined, or closed before reaching every step.
    by_reason: dict[tuple[str, str, str | None], int] = {}
    for group in _funnel_groups(report):
        if group.stopped and group.steps < len(FUNNEL_STEPS):
            reason = (group.state, group.decline_reason, group.closure_reason)
            by_reason[reason] = by_reason.get(reason, 0) + group.referrals
    # Most first; ties in the order PostgreSQL gave them (no closure reason last).
    counts = sorted(
        ((*reason, n) for reason, n in by_reason.items()),
        key=lambda row: (-row[3], row[0], row[1], row[2] is None, row[2] or ""),
    )
    rows = []
    for state, decline_reason, closure_reason, n in counts:
        if state == State.DECLINED:
            label = f"Declined: {declined.get(decline_reason, 'no reason recorded')}"
        else:
            label = f"Closed: {closed.get(closure_reason, 'no reason recorded')}"
        rows.append(Row(label, [n]))
    figure = Figure(
        key="why_stopped",
        title="Why people stopped before the end",
        label_heading="Reason",
        columns=[Column("Referrals")],
        rows=rows,
        chart="horizontal",
    )
    with_column_totals(figure)
    # Its total is the sum of those who stopped at each step of the funnel.
    figure.sums.append(
        Sum(
            ("why_stopped", len(figure.rows) - 1, 0),
            tuple(("funnel", index, 2) for index in range(len(FUNNEL_STEPS) - 1)),
        )
    )
    return figure


def waiting_list(report: Report) -> Figure:
    # Days waited is now minus the day they joined: its median is now minus the median day,
    # and the longest-waiting tenth joined before the 10th percentile of the days.
    waiting = distribution(report, "waiting", (0.1, 0.5))
    count = waiting.count
    low, middle = waiting.percentiles
    now = timezone.now()
    return Figure(
        key="waiting_list",
        title="Waiting list today",
        label_heading="Waiting list",
        columns=[
            Column("People waiting"),
            Column("Median days waited", NUMBER, depends_on=(0,)),
            Column("90th percentile of days waited", NUMBER, depends_on=(0,)),
        ],
        rows=[
            Row(
                "On the waiting list now",
                [
                    count,
                    days(now - (EPOCH + middle)) if middle is not None else None,
                    days(now - (EPOCH + low)) if low is not None else None,
                ],
            )
        ],
        note="Everyone on the waiting list today, whenever they were referred.",
        chart=None,
    )


def waiting_times(report: Report) -> Figure:
    rows = []
    for label, measure in (
        ("Referral to first contact", "to_first_contact"),
        ("Referral to assessment", "to_assessment"),
    ):
        found = distribution(report, measure)
        median, ninetieth = found.percentiles
        rows.append(Row(label, [found.count, days(median), days(ninetieth)]))
    return Figure(
        key="waiting_times",
        title="Time from referral to first contact and to assessment",
        label_heading="Interval",
        columns=[
            Column("Referrals"),
            Column("Median days", NUMBER, depends_on=(0,)),
            Column("90th percentile of days", NUMBER, depends_on=(0,)),
        ],
        rows=rows,
        chart="horizontal",
        chart_column=1,
    )

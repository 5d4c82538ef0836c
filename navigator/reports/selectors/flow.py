"""Flow: referrals by source, reason, GP practice and month; the funnel; waiting."""

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from navigator.activities.models import ActivityReferral, StatusChange
from navigator.activities.states import Status
from navigator.contacts.models import (
    ClosureReason,
)
from navigator.plans.models import SupportPlan
from navigator.referrals.models import DeclineReason, SourceType
from navigator.referrals.states import State
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
from navigator.reports.selectors.base import (
    ATTENDED_STATUSES,
    STOPPED_STATES,
    Report,
)
from navigator.reports.selectors.statistics import days, percentiles


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


def referrals_by_source(report: Report) -> Figure:
    labels = dict(SourceType.choices)
    counts = (
        report.referrals()
        .values_list("source_type")
        .annotate(n=Count("pk"))
        .order_by("-n", "source_type")
    )
    return _counted(
        "by_source",
        "Referrals by source",
        "Source",
        [(labels.get(source, source), n) for source, n in counts],
        chart="horizontal",
    )


def referrals_by_reason(report: Report) -> Figure:
    counts = (
        report.referrals()
        .values_list("reasons__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    # Reasons of several organisations share names; referrals with none come last.
    counts = sorted(counts, key=lambda row: (row[0] is None, -row[1], row[0] or ""))
    return Figure(
        key="by_reason",
        title="Referrals by reason",
        label_heading="Reason",
        columns=[Column("Referrals")],
        rows=[Row(name or "No reason given", [n]) for name, n in counts],
        note="A referral can give more than one reason, so these do not add up to the "
        "number of referrals.",
        chart="horizontal",
    )


def referrals_by_gp_practice(report: Report) -> Figure:
    counts = (
        report.referrals()
        .values_list("gp_practice__name", "gp_practice__ods_code")
        .annotate(n=Count("pk"))
        .order_by("-n", F("gp_practice__name").asc(nulls_last=True))
    )
    rows = [(f"{name} ({code})" if name else "Not known", n) for name, code, n in counts]
    return _counted(
        "by_gp_practice", "Referrals by GP practice", "GP practice", rows, chart="horizontal"
    )


def referrals_by_month(report: Report) -> Figure:
    counts = (
        report.referrals()
        .annotate(month=TruncMonth("received_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    rows = [(timezone.localtime(month).strftime("%B %Y"), n) for month, n in counts]
    return _counted("by_month", "Referrals by month received", "Month", rows)


FUNNEL_STEPS: list[tuple[str, str]] = [
    ("referred", "Referred"),
    ("contacted", "First contact made"),
    ("assessed", "Assessed"),
    ("planned", "Support plan agreed"),
    ("attended", "First activity attended"),
    ("closed", "Support ended (case closed)"),
]


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


def _steps_reached() -> Case:
    """How many funnel steps a referral reached, each step counting only after every step
    before it: the first step it has not reached decides. A CASE stops at that step, so each
    correlated check (a plan, an activity attended) runs at most once per referral, and only
    for referrals that got that far."""
    attended = Exists(
        ActivityReferral.objects.filter(episode=OuterRef("pk")).filter(
            Q(status__in=ATTENDED_STATUSES)
            | Exists(
                StatusChange.objects.filter(referral=OuterRef("pk"), to_status=Status.IN_PROGRESS)
            )
        )
    )
    planned = Exists(SupportPlan.objects.filter(referral=OuterRef("pk")))
    after_referral = [
        Q(first_contact_at__isnull=False),
        Q(assessed_at__isnull=False),
        Q(planned),
        Q(attended),
        Q(state=State.CLOSED),
    ]
    return Case(
        *(
            When(~condition, then=Value(index + 1))
            for index, condition in enumerate(after_referral)
        ),
        default=Value(len(FUNNEL_STEPS)),
        output_field=IntegerField(),
    )


def _funnel_groups(report: Report) -> list[FunnelGroup]:
    """The referrals received, counted by the steps they reached, their state and why they
    stopped: one grouped query that both the funnel and why people stopped read."""

    def compute() -> list[FunnelGroup]:
        counts = (
            report.referrals()
            .annotate(steps=_steps_reached())
            .values_list("steps", "state", "decline_reason", "closure__reason")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return [FunnelGroup(*row) for row in counts]

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
    closed = dict(ClosureReason.choices)
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
    waiting = report.referrals(dated_by=None).filter(
        state=State.WAITING, waiting_since__isnull=False
    )
    now = timezone.now()
    # Days waited is now minus the day they joined: its median is now minus the median day,
    # and the longest-waiting tenth joined before the 10th percentile of the days.
    count = waiting.count()
    low, middle = percentiles(waiting, F("waiting_since") - now, (0.1, 0.5))
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
                    days(-middle) if middle is not None else None,
                    days(-low) if low is not None else None,
                ],
            )
        ],
        note="Everyone on the waiting list today, whenever they were referred.",
        chart=None,
    )


def waiting_times(report: Report) -> Figure:
    referrals = report.referrals()
    rows = []
    for label, moment in (
        ("Referral to first contact", "first_contact_at"),
        ("Referral to assessment", "assessed_at"),
    ):
        reached = referrals.filter(**{f"{moment}__isnull": False})
        median, ninetieth = percentiles(reached, F(moment) - F("received_at"))
        rows.append(Row(label, [reached.count(), days(median), days(ninetieth)]))
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

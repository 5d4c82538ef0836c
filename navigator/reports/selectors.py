"""Report figures, each computed with aggregate queries in the database.

`Report` is the one place that decides which organisations' rows a report reads. A manager's
report reads their own organisation; a commissioner's reads the organisations their own
organisation funds, which lie outside the commissioner's request scope: `Report.figures`
therefore lifts django-scopes' organisation scope on purpose, and every queryset a figure
uses starts from a `Report` method that limits it to `organisation__in=<those ids>`.
"""

import datetime
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Permission
from navigator.activities.models import Accompaniment, ActivityReferral, StatusChange
from navigator.activities.models import Outcome as AccompanimentOutcome
from navigator.activities.states import Status
from navigator.contacts.models import (
    CaseloadSettings,
    ClosureReason,
    Contact,
    Mode,
    Setting,
)
from navigator.feedback.models import FeedbackResponse, FFTAnswer
from navigator.feedback.models import Occasion as FeedbackOccasion
from navigator.outcomes.instruments import MEASURES, MeasureInfo, measure_info
from navigator.outcomes.models import Score, TimePoint
from navigator.outcomes.models import Status as AdministrationStatus
from navigator.plans.models import SupportPlan
from navigator.referrals.models import CodedEvent, DeclineReason, Referral, SourceType
from navigator.referrals.states import State
from navigator.reports.figures import (
    NUMBER,
    PERCENT,
    TEXT,
    Column,
    Figure,
    Row,
    Sum,
    protect,
    share,
    with_column_totals,
)

CASELOAD_STATES = [State.ALLOCATED, State.FIRST_CONTACT, State.ASSESSED, State.ACTIVE]
STOPPED_STATES = [State.DECLINED, State.CLOSED]
ACCEPTED_STATUSES = [Status.ACCEPTED, Status.ON_HOLD, Status.IN_PROGRESS, Status.COMPLETED]
ATTENDED_STATUSES = [Status.IN_PROGRESS, Status.COMPLETED]
NOT_SENT_STATUSES = [Status.DRAFT, Status.SIGNPOSTED, Status.ENTERED_IN_ERROR]
DEFAULT_CASELOAD_TARGET = CaseloadSettings._meta.get_field("caseload_target").default


@dataclass(frozen=True)
class Filters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    service: int | None = None  # one of a commissioner's funded organisations
    team: int | None = None  # a Team: referrals allocated to its members
    link_worker: int | None = None
    gp_practice: int | None = None
    source: str = ""


def commissioned_organisation_ids(user: User) -> list[int]:
    return list(
        Organisation.objects.filter(funded_by=user.organisation_id).values_list("pk", flat=True)
    )


def reported_organisations(user: User) -> list[Organisation]:
    """The organisations whose figures `user` may see."""
    if user.can(Permission.VIEW_COMMISSIONED_REPORTS):
        return list(Organisation.objects.filter(funded_by=user.organisation_id))
    if user.can(Permission.VIEW_REPORTS):
        return list(Organisation.objects.filter(pk=user.organisation_id))
    return []


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _days(value: datetime.timedelta | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value.total_seconds()) / Decimal(86400)


class PercentileCont(Aggregate):
    """PostgreSQL's interpolated percentile of an ordered set."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


def percentiles(
    queryset: QuerySet, expression: Any, fractions: tuple[float, ...] = (0.5, 0.9)
) -> list[datetime.timedelta | None]:
    """Interpolated percentiles (as PostgreSQL's percentile_cont) of a duration over
    `queryset`, without loading its rows: PostgreSQL does it in one query; elsewhere each
    percentile reads the one or two ordered values around its position."""
    duration = ExpressionWrapper(expression, output_field=DurationField())
    if connection.vendor == "postgresql":
        result = queryset.aggregate(
            **{
                f"p{index}": PercentileCont(
                    duration, fraction=fraction, output_field=DurationField()
                )
                for index, fraction in enumerate(fractions)
            }
        )
        return [result[f"p{index}"] for index in range(len(fractions))]
    total = queryset.count()
    if not total:
        return [None for _ in fractions]
    ordered = queryset.annotate(duration=duration).order_by("duration")
    answers = []
    for fraction in fractions:
        position = fraction * (total - 1)
        low = math.floor(position)
        values = list(ordered.values_list("duration", flat=True)[low : low + 2])
        if len(values) == 1 or position == low:
            answers.append(values[0])
        else:
            answers.append(values[0] + (values[1] - values[0]) * (position - low))
    return answers


@contextmanager
def _without_jit() -> Iterator[None]:
    """On PostgreSQL, the report's queries run without JIT compilation. A query costed above
    jit_above_cost is compiled to machine code before it runs; for these scans, sorts and
    hashed subplans that takes longer than it saves (measured at 200,000 referrals: the flow
    section 2.1 s with JIT, 1.5 s without; the funnel's query alone spent 1.3 s compiling).
    SET LOCAL ends with the transaction opened here (or with the caller's, when already in
    one)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


class Report:
    """The figures of one report for one reader, under the chosen filters."""

    def __init__(
        self,
        *,
        organisation_ids: list[int],
        filters: Filters,
        commissioned: bool,
        comments_page: int | str | None = None,
    ):
        ids = list(organisation_ids)
        if filters.service is not None:
            ids = [each for each in ids if each == filters.service]
        self.organisation_ids = ids
        self.filters = filters
        self.commissioned = commissioned
        # The page of comments a report page shows; None for a download, which has them all.
        self.comments_page = comments_page
        self._shared: dict[str, Any] = {}

    def shared[T](self, key: str, compute: Callable[[], T]) -> T:
        """`compute()`, run once per report however many figures ask: figures built from
        one expensive query (the funnel and why people stopped) share its rows."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]

    @classmethod
    def for_user(
        cls, user: User, filters: Filters, *, comments_page: int | str | None = None
    ) -> "Report":
        commissioned = user.can(Permission.VIEW_COMMISSIONED_REPORTS)
        ids = [organisation.pk for organisation in reported_organisations(user)]
        return cls(
            organisation_ids=ids,
            filters=filters,
            commissioned=commissioned,
            comments_page=comments_page,
        )

    def figures(self, section: "Section") -> list[Figure]:
        """The section's figures; for commissioners small numbers hidden and every count
        rounded."""
        builders = section.figures if self.commissioned else section.all_figures
        with scopes_disabled(), _without_jit():
            figures = [build(self) for build in builders]
        if self.commissioned:
            protect(figures)
        return figures

    # Every queryset starts here, limited to the report's organisations.

    def _referral_filter(self, prefix: str = "") -> Q:
        f = self.filters
        q = Q(**{f"{prefix}organisation__in": self.organisation_ids})
        if f.team is not None:
            # A referral counts for the team its link worker is in now: moving someone to
            # another team moves their cases' figures with them.
            q &= Q(**{f"{prefix}allocated_to__team": f.team})
        if f.link_worker is not None:
            q &= Q(**{f"{prefix}allocated_to": f.link_worker})
        if f.gp_practice is not None:
            q &= Q(**{f"{prefix}gp_practice": f.gp_practice})
        if f.source:
            q &= Q(**{f"{prefix}source_type": f.source})
        return q

    def _dated(self, field: str) -> Q:
        q = Q()
        if self.filters.start:
            q &= Q(**{f"{field}__gte": _moment(self.filters.start)})
        if self.filters.end:
            q &= Q(**{f"{field}__lt": _moment(self.filters.end + datetime.timedelta(days=1))})
        return q

    def referrals(self, dated_by: str | None = "received_at") -> QuerySet:
        """Referrals under the filters; received in the date range unless `dated_by` names
        another moment (or is None, for figures that describe today)."""
        queryset = Referral.objects.filter(self._referral_filter())
        if dated_by:
            queryset = queryset.filter(self._dated(dated_by))
        return queryset

    def contacts(self) -> QuerySet:
        return Contact.objects.filter(
            self._referral_filter("referral__"), organisation__in=self.organisation_ids
        ).filter(self._dated("when"))

    def activity_referrals(self) -> QuerySet:
        # Activity referrals outside an episode still count, unless a referral filter is set.
        q = Q(organisation__in=self.organisation_ids)
        if self._has_referral_filter():
            q &= self._referral_filter("episode__")
        return ActivityReferral.objects.filter(q).filter(self._dated("created_at"))

    def accompaniments(self) -> QuerySet:
        q = Q(organisation__in=self.organisation_ids)
        if self._has_referral_filter():
            q &= self._referral_filter("referral__episode__")
        return Accompaniment.objects.filter(q).filter(self._dated("meet_at"))

    def onward_referrals(self) -> QuerySet:
        """Referrals the report's organisations sent on to other services (the received
        referral belongs to the other service; only its count is read)."""
        return Referral.objects.filter(referring_organisation__in=self.organisation_ids).filter(
            self._dated("received_at")
        )

    def coded_events(self) -> QuerySet:
        return CodedEvent.objects.filter(self._referral_filter("referral__")).filter(
            self._dated("at")
        )

    def caseload_targets(self) -> dict[int, int]:
        return dict(
            CaseloadSettings.objects.filter(organisation__in=self.organisation_ids).values_list(
                "organisation", "caseload_target"
            )
        )

    def support_plans(self) -> QuerySet:
        return SupportPlan.objects.filter(organisation__in=self.organisation_ids)

    def _has_referral_filter(self) -> bool:
        f = self.filters
        return bool(f.team or f.link_worker or f.gp_practice or f.source)

    def scores(self) -> QuerySet:
        """Scores of complete administrations that could be scored (a missing item leaves
        a measure unscored, never zero)."""
        q = Q(
            organisation__in=self.organisation_ids,
            value__isnull=False,
            administration__status=AdministrationStatus.COMPLETE,
        )
        if self._has_referral_filter():
            q &= self._referral_filter("administration__referral__")
        return Score.objects.filter(q)

    def feedback(self) -> QuerySet:
        q = Q(organisation__in=self.organisation_ids)
        if self._has_referral_filter():
            q &= self._referral_filter("referral__")
        return FeedbackResponse.objects.filter(q).filter(self._dated("submitted_at"))


# Flow ---------------------------------------------------------------------------------------


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
                    _days(-middle) if middle is not None else None,
                    _days(-low) if low is not None else None,
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
        rows.append(Row(label, [reached.count(), _days(median), _days(ninetieth)]))
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


# Work ---------------------------------------------------------------------------------------


def caseloads(report: Report) -> Figure:
    targets = report.caseload_targets()
    counts = (
        report.referrals(dated_by=None)
        .filter(state__in=CASELOAD_STATES, allocated_to__isnull=False)
        .values_list(
            "allocated_to__first_name", "allocated_to__last_name", "allocated_to", "organisation"
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "allocated_to__last_name", "allocated_to")
    )
    rows = [
        Row(
            f"{first} {last}".strip(),
            [n, targets.get(organisation, DEFAULT_CASELOAD_TARGET)],
        )
        for first, last, _, organisation, n in counts
    ]
    figure = Figure(
        key="caseloads",
        title="Caseload of each link worker against target",
        label_heading="Link worker",
        columns=[Column("Open cases"), Column("Caseload target", NUMBER)],
        rows=rows,
        labels_name_people=True,
        note="Open cases today (allocated and not closed), whenever they were referred.",
        chart="horizontal",
    )
    return with_column_totals(figure, "All link workers")


def contacts_by_mode_and_setting(report: Report) -> Figure:
    settings = [*Setting.choices, ("", "Not recorded")]
    counts = {
        (mode, setting): n
        for mode, setting, n in report.contacts()
        .values_list("mode", "setting")
        .annotate(n=Count("pk"))
        .order_by()
    }
    modes = [choice for choice in Mode.choices if any(key[0] == choice[0] for key in counts)]
    used_settings = [choice for choice in settings if any(key[1] == choice[0] for key in counts)]
    rows = []
    for mode, mode_label in modes:
        values = [counts.get((mode, setting), 0) for setting, _ in used_settings]
        rows.append(Row(mode_label, [*values, sum(values)]))
    total_column = len(used_settings)
    figure = Figure(
        key="contacts",
        title="Contacts by mode and setting",
        label_heading="Mode",
        columns=[*(Column(label) for _, label in used_settings), Column("All settings")],
        rows=rows,
        chart="horizontal",
        chart_column=total_column,
    )
    figure.sums = [
        Sum(
            ("contacts", index, total_column),
            tuple(("contacts", index, column) for column in range(total_column)),
        )
        for index in range(len(rows))
    ]
    return with_column_totals(figure, "All modes")


def length_of_support(report: Report) -> Figure:
    closed = report.referrals(dated_by="closed_at").filter(
        state=State.CLOSED, closed_at__isnull=False, first_contact_at__isnull=False
    )
    count = closed.count()
    median, ninetieth = percentiles(closed, F("closed_at") - F("first_contact_at"))
    contacts = Contact.objects.filter(referral__in=closed.values("pk")).count()
    return Figure(
        key="length_of_support",
        title="Length of support of cases closed in the period",
        label_heading="Cases",
        columns=[
            Column("Cases closed"),
            Column("Median days from first contact to closure", NUMBER, depends_on=(0,)),
            Column("90th percentile of days", NUMBER, depends_on=(0,)),
            Column("Contacts per case (mean)", NUMBER, depends_on=(0,)),
        ],
        rows=[
            Row(
                "Closed cases",
                [
                    count,
                    _days(median),
                    _days(ninetieth),
                    Decimal(contacts) / count if count else None,
                ],
            )
        ],
        chart=None,
    )


def accompaniments(report: Report) -> Figure:
    labels = {**dict(AccompanimentOutcome.choices), "": "Not yet recorded"}
    counts = (
        report.accompaniments()
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by("-n", "outcome")
    )
    figure = Figure(
        key="accompaniments",
        title="Accompaniments to a first activity",
        label_heading="Outcome",
        columns=[Column("Accompaniments")],
        rows=[Row(labels.get(outcome, outcome), [n]) for outcome, n in counts],
        chart="horizontal",
    )
    return with_column_totals(figure)


def _activity_figure(
    report: Report, key: str, title: str, heading: str, group: str, additive: bool
) -> Figure:
    sent = ~Q(status__in=NOT_SENT_STATUSES)
    attended = Exists(
        StatusChange.objects.filter(referral=OuterRef("pk"), to_status=Status.IN_PROGRESS)
    )
    counts = (
        report.activity_referrals()
        .annotate(was_attended=attended)
        .values_list(group)
        .annotate(
            referred=Count("pk", filter=sent, distinct=True),
            accepted=Count(
                "pk",
                filter=sent
                & (Q(status__in=ACCEPTED_STATUSES) | Q(first_answer__in=ACCEPTED_STATUSES)),
                distinct=True,
            ),
            attended=Count(
                "pk",
                filter=sent & (Q(status__in=ATTENDED_STATUSES) | Q(was_attended=True)),
                distinct=True,
            ),
            signposted=Count("pk", filter=Q(status=Status.SIGNPOSTED), distinct=True),
        )
        .order_by("-referred", F(group).asc(nulls_last=True))
    )
    rows = [
        Row(
            name or "No category",
            [
                referred,
                accepted,
                share(accepted, referred),
                attended,
                share(attended, referred),
                signposted,
            ],
        )
        for name, referred, accepted, attended, signposted in counts
    ]
    figure = Figure(
        key=key,
        title=title,
        label_heading=heading,
        columns=[
            Column("Referred"),
            Column("Accepted"),
            Column("Acceptance rate", PERCENT, share_of=(1, 0)),
            Column("Attended"),
            Column("Attendance rate", PERCENT, share_of=(3, 0)),
            Column("Signposted only"),
        ],
        rows=rows,
        chart="horizontal",
        note=""
        if additive
        else "A service can be in more than one category, so these do not add up.",
    )
    return with_column_totals(figure) if additive else figure


def activity_referrals_by_category(report: Report) -> Figure:
    return _activity_figure(
        report,
        "activities_by_category",
        "Activity referrals by category",
        "Category",
        "service__categories__name",
        additive=False,
    )


def activity_referrals_by_provider(report: Report) -> Figure:
    return _activity_figure(
        report,
        "activities_by_provider",
        "Activity referrals by provider",
        "Provider",
        "service__organisation__name",
        additive=True,
    )


def onward_referrals(report: Report) -> Figure:
    counts = (
        report.onward_referrals()
        .values_list("organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__name")
    )
    figure = Figure(
        key="onward",
        title="Onward referrals to other social prescribing services",
        label_heading="Service referred to",
        columns=[Column("Referrals")],
        rows=[Row(name, [n]) for name, n in counts],
        chart="horizontal",
    )
    return with_column_totals(figure)


# Dataset ------------------------------------------------------------------------------------


def coded_events(report: Report) -> Figure:
    counts = dict(report.coded_events().values_list("code").annotate(n=Count("pk")).order_by())
    return Figure(
        key="coded_events",
        title="SNOMED CT coded events recorded",
        label_heading="Code",
        columns=[Column("Events")],
        rows=[
            Row(f"{label} ({code})", [counts.get(code, 0)])
            for code, label in CodedEvent.Code.choices
        ],
        chart=None,
    )


# Outcomes -----------------------------------------------------------------------------------

# Student's t at 97.5% for 1 to 30 degrees of freedom; beyond that the normal value serves.
T_975 = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]  # fmt: skip


def confidence_interval(
    mean: Decimal | None, deviation: float | None, count: int
) -> tuple[Decimal, Decimal] | None:
    """The 95% confidence interval of a mean change, by Student's t."""
    if mean is None or deviation is None or count < 2:
        return None
    t = T_975[count - 2] if count - 1 <= len(T_975) else 1.96
    margin = Decimal(str(t * float(deviation) / math.sqrt(count)))
    return Decimal(mean) - margin, Decimal(mean) + margin


SMALLEST_CHANGE = Decimal("0.01")  # scores are kept to two decimal places


def _score_rows(scores: QuerySet) -> tuple[str, tuple]:
    """The SQL of `scores` as rows the outcome query reads by name: the person, measure,
    value, time point, when it was completed and the score's id (to order equal times)."""
    rows = scores.order_by().values(
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
# latest score at the time point completed in the period. One window pass numbers each
# person's scores of a measure at each time point, one GROUP BY puts a person's first baseline
# and latest closure and follow-up scores side by side, and both figures are summed from that.
# (The ORM's correlated subquery for the later score was repeated for every use of the change,
# minutes at national scale; a join of two ranked sets is quadratic on SQLite, which does not
# index them.) The ORM cannot select from a derived table, hence SQL both databases run; its
# parameters are, in order: baseline, closure, follow-up, closure, follow-up.
OUTCOME_SUMS_SQL = """
WITH ranked AS (
    SELECT person_key, measure_key, score, time_point,
        ROW_NUMBER() OVER (
            PARTITION BY person_key, measure_key, time_point ORDER BY completed, score_id
        ) AS place,
        COUNT(*) OVER (PARTITION BY person_key, measure_key, time_point) AS places
    FROM ({scores}) AS scores
), ends AS (
    SELECT measure_key AS measure,
        MAX(CASE WHEN time_point = %s AND place = 1 THEN score END) AS baseline,
        MAX(CASE WHEN time_point = %s AND place = places THEN score END) AS closure,
        MAX(CASE WHEN time_point = %s AND place = places THEN score END) AS follow_up
    FROM ranked
    GROUP BY person_key, measure_key
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
LATER_TIME_POINTS = (TimePoint.CLOSURE, TimePoint.FOLLOW_UP)


def _by_measure(values: dict[str, Any], default: Any) -> tuple[str, list]:
    """A CASE over the measure giving each listed measure its value, and others `default`
    (as numbers: SQLite would compare a text parameter as text)."""
    if not values:
        return "CAST(%s AS NUMERIC)", [default]
    whens = " ".join("WHEN %s THEN CAST(%s AS NUMERIC)" for _ in values)
    params = [param for pair in values.items() for param in pair]
    return f"(CASE measure {whens} ELSE CAST(%s AS NUMERIC) END)", [*params, default]


def _as_decimal(value: Any) -> Decimal | None:
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
        for point, measure, *values in _outcome_sums_rows(report):
            sums[point][measure] = OutcomeSums(*values)
        return sums

    return report.shared("outcomes", compute)


def _outcome_sums_rows(report: Report) -> list[tuple]:
    """Rows of (time point, measure, people, mean, total, squares, improved, declined)."""
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
        return [
            (point, measure, people, *map(_as_decimal, sums), improved, declined)
            for point, measure, people, *sums, improved, declined in cursor.fetchall()
        ]


def _deviation(count: int, total: Any, squares: Any) -> float | None:
    if count < 2 or total is None or squares is None:
        return None
    total, squares = float(total), float(squares)
    variance = (squares - total * total / count) / (count - 1)
    return math.sqrt(max(variance, 0.0))


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
        interval = confidence_interval(mean, _deviation(n, row.total, row.squares), n)
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


# Feedback -----------------------------------------------------------------------------------

POSITIVE = [FFTAnswer.VERY_GOOD, FFTAnswer.GOOD]
NEGATIVE = [FFTAnswer.POOR, FFTAnswer.VERY_POOR]


def friends_and_family_test(report: Report) -> Figure:
    counts = {
        (answer, occasion): n
        for answer, occasion, n in report.feedback()
        .values_list("fft_answer", "occasion")
        .annotate(n=Count("pk"))
        .order_by()
    }
    occasions = list(FeedbackOccasion.choices)
    rows = []
    for answer, label in FFTAnswer.choices:
        values = [counts.get((answer, occasion), 0) for occasion, _ in occasions]
        rows.append(Row(label, [*values, sum(values)]))
    every = len(occasions)
    figure = Figure(
        key="fft",
        title="Friends and Family Test answers",
        label_heading="Answer",
        columns=[*(Column(label) for _, label in occasions), Column("All answers")],
        rows=rows,
        chart="horizontal",
        chart_column=every,
        note="Overall, how was your experience of our service?",
    )
    figure.sums = [
        Sum(("fft", index, every), tuple(("fft", index, column) for column in range(every)))
        for index in range(len(rows))
    ]
    return with_column_totals(figure, "All answers")


def fft_positive_and_negative(report: Report) -> Figure:
    result = report.feedback().aggregate(
        total=Count("pk"),
        positive=Count("pk", filter=Q(fft_answer__in=POSITIVE)),
        negative=Count("pk", filter=Q(fft_answer__in=NEGATIVE)),
    )
    total = result["total"]
    rows = [
        Row(
            "Positive (very good or good)",
            [result["positive"], total, share(result["positive"], total)],
        ),
        Row(
            "Negative (poor or very poor)",
            [result["negative"], total, share(result["negative"], total)],
        ),
    ]
    answers = [answer for answer, _ in FFTAnswer.choices]
    fft_total_row = len(FFTAnswer.choices)
    every = len(FeedbackOccasion.choices)

    def fft_cells(chosen: list[str]) -> tuple:
        return tuple(("fft", answers.index(answer), every) for answer in chosen)

    return Figure(
        key="fft_share",
        title="Share of answers positive and negative",
        label_heading="Answers",
        columns=[
            Column("Answers"),
            Column("Of all answers"),
            Column("Share", PERCENT, share_of=(0, 1)),
        ],
        rows=rows,
        # These repeat sums of the answers table: hiding there hides here, and back.
        sums=[
            Sum(("fft_share", 0, 0), fft_cells(POSITIVE)),
            Sum(("fft_share", 1, 0), fft_cells(NEGATIVE)),
            Sum(("fft_share", 0, 1), (("fft", fft_total_row, every),)),
            Sum(("fft_share", 1, 1), (("fft", fft_total_row, every),)),
        ],
        chart="horizontal",
        chart_column=2,
        note='Shares are of every answer, including "Don\'t know" and "Neither good nor poor".',
    )


COMMENTS_PER_PAGE = 50


def comments(report: Report) -> QuerySet:
    """Feedback with a comment, newest first, with what the audit trail needs."""
    return (
        report.feedback()
        .exclude(went_well="", could_be_better="")
        .select_related("referral")
        .order_by("-submitted_at", "-pk")
    )


def feedback_comments(report: Report) -> Figure:
    """The free-text comments: for managers only, never with a name. A report page shows
    one page of them (`report.comments_page`); a download has every one in the period."""
    queryset = comments(report)
    page = None
    if report.comments_page is None:
        shown = list(queryset)
    else:
        page = Paginator(queryset, COMMENTS_PER_PAGE).get_page(report.comments_page)
        shown = list(page.object_list)
    return Figure(
        key="comments",
        title="Comments",
        label_heading="Date",
        columns=[
            Column("Answer", TEXT),
            Column("What went well", TEXT),
            Column("What could be better", TEXT),
        ],
        rows=[
            Row(
                comment.submitted_on.isoformat(),
                [comment.get_fft_answer_display(), comment.went_well, comment.could_be_better],
            )
            for comment in shown
        ],
        chart=None,
        shown_records=shown,
        page=page,
        note="Every comment in the period, newest first, without names.",
    )


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    summary: str
    figures: tuple[Callable[[Report], Figure], ...]
    # Figures with people's own words or row-level data: never built for commissioners.
    managers_only: tuple[Callable[[Report], Figure], ...] = ()

    @property
    def all_figures(self) -> tuple[Callable[[Report], Figure], ...]:
        return self.figures + self.managers_only


SECTIONS: dict[str, Section] = {
    section.slug: section
    for section in (
        Section(
            "flow",
            "Flow",
            "Referrals by source, reason, GP practice and month; from referral to the end of "
            "support; the waiting list and waiting times.",
            (
                referrals_by_source,
                referrals_by_reason,
                referrals_by_gp_practice,
                referrals_by_month,
                funnel,
                why_stopped,
                waiting_list,
                waiting_times,
            ),
        ),
        Section(
            "work",
            "Work",
            "Caseloads against target, contacts, length of support, accompaniments, activity "
            "referrals and onward referrals.",
            (
                caseloads,
                contacts_by_mode_and_setting,
                length_of_support,
                accompaniments,
                activity_referrals_by_category,
                activity_referrals_by_provider,
                onward_referrals,
            ),
        ),
        Section(
            "dataset",
            "Dataset and coding",
            "SNOMED CT coded events recorded, and for managers the PRSB social prescribing "
            "minimum dataset for the period.",
            (coded_events,),
        ),
        Section(
            "outcomes",
            "Outcomes",
            "For each outcome measure, goal and star area: the change from baseline to the "
            "end of support, and separately to follow-up.",
            (outcomes_at_closure, outcomes_at_follow_up),
        ),
        Section(
            "feedback",
            "Feedback",
            "Friends and Family Test answers and the share positive and negative; for "
            "managers, the comments.",
            (friends_and_family_test, fft_positive_and_negative),
            managers_only=(feedback_comments,),
        ),
    )
}

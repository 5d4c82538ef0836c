"""The counts, sums and histograms that report figures are built from, read either straight
from referrals and contacts (`direct`, the reference) or from the rollup table `Tally`, which
holds the same measures counted by organisation, day and one dimension a report filters on
at a time (GP practice, source, link worker).

Each measure is defined once, as a query under a `Report`. Counting a day again runs that
query for one organisation and the days asked, grouped by day and every dimension, and
stores its sums once per dimension value; a report then sums the stored rows of its period
and of the one dimension it filters on. Both paths give the same groups, so a figure cannot
tell which one it read. A report filtering on two dimensions at once (a GP practice and a
source, say) cannot be answered from rows that each hold one: it counts straight from the
records, which those filters narrow to few.

A histogram (a duration's percentiles: waiting times, the waiting list, length of support)
is stored twice: exact durations, one row per distinct duration a day, and whole-day buckets
of them under a measure of their own (`in_days`), which have month rows, and rows across
every value for an unfiltered report. `distribution` sums the buckets of the period, then
reads the exact durations of only the buckets its percentiles fall in: exact answers, from
rows bounded by the days a duration can take.

A day is counted again when the audit trail (written in the same transaction as every write
of personal data) shows a change to someone with a referral that day: `refresh` does that
before a report reads. `rebuild` counts every day again: the worker's nightly job and the
`rebuild_report_rollups` command."""

import datetime
import functools
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate, TruncMonth
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.models import User
from navigator.activities.models import Accompaniment, ActivityReferral, StatusChange
from navigator.activities.states import Status
from navigator.audit.models import AuditEvent
from navigator.contacts.models import Contact
from navigator.core.bulk import columns_of, execute_sql, insert_into_sql, insert_rows
from navigator.core.lookups import AnyOf
from navigator.feedback.models import FeedbackResponse
from navigator.outcomes.instruments import MEASURES as INSTRUMENTS
from navigator.outcomes.models import Administration, Score, TimePoint
from navigator.outcomes.models import Status as AdministrationStatus
from navigator.people.models import GPPractice
from navigator.plans.models import SupportPlan
from navigator.referrals.models import CodedEvent, Referral
from navigator.referrals.states import State
from navigator.reports.models import (
    SUMS,
    FundedMonthTally,
    MonthRows,
    MonthTally,
    Tally,
    Watermark,
)
from navigator.reports.selectors import funded
from navigator.reports.selectors.base import (
    ACCEPTED_STATUSES,
    ATTENDED_STATUSES,
    CASELOAD_STATES,
    NOT_SENT_STATUSES,
    Filters,
    Report,
    dated,
)
from navigator.reports.selectors.statistics import coarse_percentiles, percentiles

# A fixed moment that waiting_since is measured from, so the waiting list is a histogram of
# durations like the waiting times (and its median day is EPOCH plus the median duration).
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

# The dimensions a tally is counted by, with the referral field each is: a report filters on
# them. A row's value is the field's value as text, blank when there is none.
DIMENSIONS = {"gp_practice": "gp_practice", "source": "source_type", "link_worker": "allocated_to"}
# Rows of one dimension add up to every row; the one with the fewest values is read when a
# report filters on none.
WHOLE = "source"
EVERY = tuple(DIMENSIONS)


@dataclass(frozen=True)
class Measure:
    name: str
    rows: Callable[[Report], "QuerySet[Any]"]  # the rows counted, under the report's filters
    moment: str  # the moment whose local day a row is counted on
    referral: str = ""  # the path from a row to its referral, for the dimensions
    key: Any = None  # an expression grouping the rows, or None
    count: Any = None  # an expression counting them; Count("pk") when None
    value: Any = None  # an expression summed, with its square
    dated: bool = True  # False: a figure about today, whenever the rows' day
    organisation: str = "organisation"  # whose figure a row is
    # The dimensions its rows are stored by; blank: across every value, read when the
    # report filters on none (what cannot be added up across values, or is never filtered).
    dimensions: tuple[str, ...] = EVERY
    # Counts the measure's rows itself, for the organisations and the days given (all when
    # None), when they are not one query's groups.
    counter: Callable[[list[int], list[datetime.date] | None], list["Row"]] | None = None


@dataclass(slots=True)
class Group:
    """One group of a measure: its `by` values, key, count, and the sums of its value. Not
    frozen: a national caseload figure makes thousands, and a frozen one takes three times
    as long to make."""

    by: tuple[Any, ...]
    key: Any
    count: int
    total: float | None
    squares: float | None


@dataclass(frozen=True)
class Row:
    """One stored sum: a measure's group for one organisation on one day among one dimension
    value."""

    organisation_id: int
    day: datetime.date
    dimension: str
    value: str
    key: str
    count: int
    total: float | None = None
    squares: float | None = None
    until: datetime.date | None = None

    def stored(self, measure: str) -> tuple[Any, ...]:
        """The row's values in TALLY_COLUMNS order."""
        return (
            self.organisation_id,
            measure,
            self.day,
            self.dimension,
            self.value,
            self.key,
            None,
            self.until,
            self.count,
            self.total,
            self.squares,
        )


@dataclass(frozen=True)
class Distribution:
    """A histogram's count, the sum of its measure's value, and percentiles of its
    durations."""

    count: int
    total: float
    percentiles: list[datetime.timedelta | None]


def duration(later: Any, earlier: Any) -> "ExpressionWrapper[Any]":
    return ExpressionWrapper(later - earlier, output_field=DurationField())


def microseconds(value: Any) -> int | None:
    """A histogram key as it is stored: a duration in whole microseconds."""
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    return int(value)


def _contacts_of_referral() -> Coalesce:
    counted = (
        Contact.objects.filter(referral=OuterRef("pk"))
        .order_by()
        .values("referral")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _closed(report: Report) -> "QuerySet[Any]":
    return report.referrals(dated_by="closed_at").filter(
        state=State.CLOSED, closed_at__isnull=False, first_contact_at__isnull=False
    )


FUNNEL_STEPS: list[tuple[str, str]] = [
    ("referred", "Referred"),
    ("contacted", "First contact made"),
    ("assessed", "Assessed"),
    ("planned", "Support plan agreed"),
    ("attended", "First activity attended"),
    ("closed", "Support ended (case closed)"),
]


def _steps_reached() -> Case:
    """How many funnel steps a referral reached, each step counting only after every step
    before it: the first step it has not reached decides. A CASE stops at that step, so each
    correlated check (a plan, an activity attended) runs at most once per referral, and only
    for referrals that got that far."""
    attended = Exists(
        ActivityReferral.objects.filter(case=OuterRef("pk")).filter(
            Q(status__in=ATTENDED_STATUSES)
            | Exists(
                StatusChange.objects.filter(
                    activity_referral=OuterRef("pk"), to_status=Status.IN_PROGRESS
                )
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


def _funnel_key() -> Concat:
    return Concat(
        Cast(_steps_reached(), CharField()),
        Value("|"),
        F("state"),
        Value("|"),
        F("decline_reason"),
        Value("|"),
        # No closure is not the same as a closure without a reason.
        Coalesce(F("closure__reason"), Value("?")),
        output_field=CharField(),
    )


def _worker_key() -> Concat:
    """A link worker's service, then the link worker: a commissioner's caseload figure puts
    each link worker against their own service's target, and with the service in the key
    the rows summed over every service a commissioner funds (`funded`) can answer it."""
    return Concat(
        Cast("organisation_id", CharField()),
        Value("|"),
        Cast("allocated_to", CharField()),
        output_field=CharField(),
    )


def _flag(condition: Q | Exists) -> Case:
    return Case(When(condition, then=Value("1")), default=Value("0"), output_field=CharField())


def _activity_key(name: str) -> Concat:
    """Whether an activity referral was sent, accepted, attended and only signposted, as
    four 0/1 flags, then the name it is counted under (a category or provider)."""
    sent = ~Q(status__in=NOT_SENT_STATUSES)
    attended = Exists(
        StatusChange.objects.filter(activity_referral=OuterRef("pk"), to_status=Status.IN_PROGRESS)
    )
    return Concat(
        _flag(sent),
        _flag(sent & (Q(status__in=ACCEPTED_STATUSES) | Q(first_answer__in=ACCEPTED_STATUSES))),
        _flag(sent & (Q(status__in=ATTENDED_STATUSES) | Q(attended))),
        _flag(Q(status=Status.SIGNPOSTED)),
        Value("|"),
        Coalesce(F(name), Value("")),
        output_field=CharField(),
    )


def _activities(name: str, group: str) -> Measure:
    return Measure(
        name,
        lambda report: report.activity_referrals(),
        "created_at",
        referral="case__",
        key=lambda: _activity_key(group),
        # A service in several categories is one row per category.
        count=Count("pk", distinct=True),
    )


# Outcomes: each person's first baseline against their latest score at a later time point
# completed in the period. Which score is the latest depends on the period's end, so each
# later score is stored on its day with `until`, the day of the next one of its kind: it is
# the latest for periods ending before then. Pairs are made within one dimension value at a
# time, as a report filtered on it makes them from its scores alone.
BASELINE = str(TimePoint.BASELINE)
LATER_TIME_POINTS = (str(TimePoint.CLOSURE), str(TimePoint.FOLLOW_UP))
SMALLEST_CHANGE = Decimal("0.01")  # scores are kept to two decimal places
HUNDREDTHS = 100  # changes are summed in hundredths: whole numbers, which floats add exactly


def judged(measure: str, change: Decimal) -> str:
    """+ improved, - declined, = no meaningful change: by at least the instrument's
    published meaningful change where it has one, otherwise by any amount."""
    info = INSTRUMENTS.get(measure)
    better = change if info is None or info.higher_is_better else -change
    threshold = Decimal(str(info.meaningful_change)) if info and info.meaningful_change else None
    threshold = threshold or SMALLEST_CHANGE
    if better >= threshold:
        return "+"
    return "-" if better <= -threshold else "="


def _score_pairs(organisation_ids: list[int], days: list[datetime.date] | None) -> list[Row]:
    scores = Score.objects.filter(
        organisation__in=organisation_ids,
        value__isnull=False,
        administration__status=AdministrationStatus.COMPLETE,
    )
    later = Q(administration__time_point__in=LATER_TIME_POINTS)
    if days is not None:
        changed = scores.filter(later, dated("administration__completed_at", days[0], days[-1]))
        scores = scores.filter(administration__person__in=changed.values("administration__person"))
    found = (
        scores.filter(Q(administration__time_point=BASELINE) | later)
        .annotate(tally_day=_local_day("administration__completed_at"))
        .values_list(
            "organisation",
            "administration__person",
            "measure",
            "administration__time_point",
            "administration__completed_at",
            "pk",
            "value",
            "tally_day",
            *(f"administration__referral__{field}" for field in DIMENSIONS.values()),
        )
    )
    # Each score in its places: across every value, and under its value of each dimension.
    places: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for organisation, person, measure, point, completed, pk, value, day, *values in found:
        # Ordered by when it was completed (never before one that was), then by id.
        score = (completed is None, completed, pk, value, day)
        places[organisation, person, measure, point, "", ""].append(score)
        for dimension, found_value in zip(EVERY, values, strict=True):
            places[organisation, person, measure, point, dimension, _text(found_value)].append(
                score
            )
    wanted = None if days is None else set(days)
    sums: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for (organisation, person, measure, point, dimension, value), later_scores in places.items():
        baselines = places.get((organisation, person, measure, BASELINE, dimension, value))
        if point == BASELINE or not baselines:
            continue
        baseline = min(baselines)[3]
        later_scores.sort()
        for index, (_, _, _, score, day) in enumerate(later_scores):
            if day is None or (wanted is not None and day not in wanted):
                continue
            until = later_scores[index + 1][4] if index + 1 < len(later_scores) else None
            change = score - baseline
            key = f"{point}|{measure}|{judged(measure, change)}"
            into = sums[organisation, day, dimension, value, key, until]
            hundredths = int(change * HUNDREDTHS)
            into[0] += 1
            into[1] += hundredths
            into[2] += hundredths * hundredths
    return [
        Row(organisation, day, dimension, value, key, count, total, squares, until)
        for (organisation, day, dimension, value, key, until), (count, total, squares) in (
            sums.items()
        )
    ]


MEASURES: dict[str, Measure] = {
    measure.name: measure
    for measure in (
        Measure(
            "by_source", lambda report: report.referrals(), "received_at", key=F("source_type")
        ),
        Measure(
            "by_gp_practice",
            lambda report: report.referrals(),
            "received_at",
            key=F("gp_practice"),
        ),
        Measure(
            "reason",
            lambda report: report.referrals(),
            "received_at",
            key=lambda: Coalesce(F("reasons__name"), Value("")),
            count=Count("pk", distinct=True),
        ),
        Measure("funnel", lambda report: report.referrals(), "received_at", key=_funnel_key),
        Measure(
            "to_first_contact",
            lambda report: report.referrals().filter(first_contact_at__isnull=False),
            "received_at",
            key=lambda: duration(F("first_contact_at"), F("received_at")),
        ),
        Measure(
            "to_assessment",
            lambda report: report.referrals().filter(assessed_at__isnull=False),
            "received_at",
            key=lambda: duration(F("assessed_at"), F("received_at")),
        ),
        Measure(
            "waiting",
            lambda report: report.referrals(dated_by=None).filter(
                state=State.WAITING, waiting_since__isnull=False
            ),
            "waiting_since",
            key=lambda: duration(F("waiting_since"), Value(EPOCH)),
            dated=False,
        ),
        Measure(
            "open_cases",
            lambda report: report.referrals(dated_by=None).filter(
                state__in=CASELOAD_STATES, allocated_to__isnull=False
            ),
            "received_at",
            key=_worker_key,
            dated=False,
        ),
        Measure(
            "contacts",
            lambda report: report.contacts(),
            "when",
            referral="referral__",
            key=lambda: Concat(F("mode"), Value("|"), F("setting"), output_field=CharField()),
        ),
        Measure(
            "feedback",
            lambda report: report.feedback(),
            "submitted_at",
            referral="referral__",
            key=lambda: Concat(
                F("fft_answer"), Value("|"), F("occasion"), output_field=CharField()
            ),
        ),
        Measure(
            "support_length",
            _closed,
            "closed_at",
            key=lambda: duration(F("closed_at"), F("first_contact_at")),
            value=_contacts_of_referral,
        ),
        Measure(
            "accompaniments",
            lambda report: report.accompaniments(),
            "meet_at",
            referral="activity_referral__case__",
            key=F("outcome"),
        ),
        _activities("activities_by_category", "service__categories__name"),
        _activities("activities_by_provider", "service__organisation__name"),
        Measure(
            # Referrals sent on to other services: counted for the sender, never filtered.
            "onward",
            lambda report: report.onward_referrals(),
            "received_at",
            key=F("organisation__name"),
            organisation="referring_organisation",
            dimensions=("",),
        ),
        Measure(
            "coded_events",
            lambda report: report.coded_events(),
            "at",
            referral="referral__",
            key=F("code"),
        ),
        Measure(
            "outcomes",
            lambda report: report.scores(),
            "administration__completed_at",
            dimensions=("", *EVERY),
            counter=_score_pairs,
        ),
    )
}

HISTOGRAMS = frozenset({"to_first_contact", "to_assessment", "waiting", "support_length"})
# A histogram's rows are exact durations, one row per distinct duration; each also has rows of
# whole days (a duration's bucket: floor(microseconds / DAY), which orders buckets as their
# durations), with month rows, which a report sums to find the few buckets its percentiles
# fall in before it reads exact rows of those buckets only.
DAY = 86_400_000_000  # microseconds


def in_days(name: str) -> str:
    """The measure of a histogram's whole-day buckets: its key is the bucket."""
    return f"{name} in days"


BUCKETED = {in_days(name): name for name in HISTOGRAMS}
# The measures stored across every value already: no month rows are summed across sources
# for them.
UNFILTERED = frozenset(
    [*(name for name, measure in MEASURES.items() if "" in measure.dimensions), *BUCKETED]
)


def _measure(name: str) -> Measure:
    return MEASURES[BUCKETED.get(name, name)]


# A figure about today is read from every month row of its measure, whatever the period, so
# its month rows are kept as one per group under this month instead of one per month its
# rows' days span: a national caseload figure reads 3,500 rows where it read 45,000.
TODAY = EPOCH.date()
UNDATED = frozenset(
    name for name in [*MEASURES, *BUCKETED] if not _measure(name).dated and name not in HISTOGRAMS
)


def _local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _columns(measure: Measure) -> dict[str, Any]:
    """The columns `by` may name, as expressions over the measure's rows."""
    path = measure.referral
    return {
        "day": _local_day(measure.moment),
        "organisation_id": F(measure.organisation),
        **{dimension: F(f"{path}{field}") for dimension, field in DIMENSIONS.items()},
    }


def _expression(value: Any) -> Any:
    return value() if callable(value) else value


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _grouped(
    report: Report, name: str, by: tuple[str, ...], days: list[datetime.date] | None
) -> tuple["QuerySet[Any]", list[str], dict[str, Any]]:
    """The measure's rows under the report (only those of `days`, by the measure's own
    moment, when given), with the columns of `by` annotated as `tally_<column>` and its key
    as `tally_key`; the names to group by, and the sums per group (`tally_count`, and
    `tally_total` and `tally_squares` for a measure with a value)."""
    measure = MEASURES[name]
    columns = _columns(measure)
    queryset = measure.rows(report)
    if days is not None:
        queryset = (
            queryset.filter(dated(measure.moment, days[0], days[-1]))
            .alias(tally_on=columns["day"])
            .filter(tally_on__in=days)
        )
    aliases = {f"tally_{column}": columns[column] for column in by}
    queryset = queryset.annotate(**aliases)
    key = _expression(measure.key)
    if key is not None:
        queryset = queryset.annotate(tally_key=key)
    grouping = [*aliases, *(["tally_key"] if key is not None else [])]
    sums: dict[str, Any] = {"tally_count": _expression(measure.count) or Count("pk")}
    value = _expression(measure.value)
    if value is not None:
        queryset = queryset.annotate(tally_value=value)
        sums["tally_total"] = Sum("tally_value")
        sums["tally_squares"] = Sum(F("tally_value") * F("tally_value"))
    return queryset, grouping, sums


def direct(
    report: Report,
    name: str,
    by: tuple[str, ...] = (),
    *,
    days: list[datetime.date] | None = None,
) -> list[Group]:
    """The measure counted straight from its rows, grouped by `by` (day, organisation_id
    or a dimension) and its key; only the rows of `days` (by the measure's own moment)
    when given."""
    queryset, grouping, sums = _grouped(report, name, by, days)
    if grouping:
        rows = queryset.values(*grouping).annotate(**sums).order_by()
    else:
        rows = [queryset.aggregate(**sums)]
    groups = []
    for row in rows:
        if not row["tally_count"] and not grouping:
            continue
        found = row.get("tally_key")
        groups.append(
            Group(
                by=tuple(row[f"tally_{column}"] for column in by),
                key=microseconds(found) if name in HISTOGRAMS else _text(found),
                count=row["tally_count"],
                total=_number(row.get("tally_total")),
                squares=_number(row.get("tally_squares")),
            )
        )
    return groups


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _slice(report: Report, measure: Measure) -> Q | None:
    """The tallies of one dimension that answer the report's filters; None when they
    filter on more than one dimension, or on a team for a measure that cannot be added up
    across link workers."""
    f: Filters = report.filters
    if "" in measure.dimensions and not set(EVERY) & set(measure.dimensions):
        return Q(dimension="")
    wanted: dict[str, Q] = {}
    if f.gp_practice is not None:
        wanted["gp_practice"] = Q(value=str(f.gp_practice))
    if f.source:
        wanted["source"] = Q(value=f.source)
    if f.team is not None or f.link_worker is not None:
        workers = Q()
        if f.team is not None:
            if "" in measure.dimensions:
                return None
            team = report.shared(
                "team", lambda: list(User.objects.filter(team=f.team).values_list("pk", flat=True))
            )
            workers &= Q(value__in=[str(pk) for pk in team])
        if f.link_worker is not None:
            workers &= Q(value=str(f.link_worker))
        wanted["link_worker"] = workers
    if len(wanted) > 1:
        return None
    for dimension, values in wanted.items():
        return Q(dimension=dimension) & values
    return Q(dimension="" if "" in measure.dimensions else WHOLE)


def answerable(report: Report, name: str) -> bool:
    """Whether the rollups can give the measure under the report's filters."""
    return not report.direct and _slice(report, _measure(name)) is not None


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _whole_months(
    start: datetime.date | None, end: datetime.date | None
) -> tuple[datetime.date | None, datetime.date | None] | None:
    """The first day of the period's first whole month and of the month after its last
    (None: unbounded that way); None when the period holds no whole month."""
    first = None if start is None else start if start.day == 1 else _next_month(start)
    last_day = end is not None and (end + datetime.timedelta(days=1)).day == 1
    after = None if end is None else _next_month(end) if last_day else end.replace(day=1)
    if first is not None and after is not None and first >= after:
        return None
    return first, after


def read_from(report: Report, name: str, where: Q, *, pooled: bool = True) -> "list[QuerySet[Any]]":
    """The stored rows a report sums for the measure: month rows for the whole months of
    its period, day rows for the part-months at its ends (all day rows for a histogram's
    exact durations, which have no month rows, and for a GP practice's; every month row for
    a figure about today). Unfiltered, the month rows are those across every value, which
    `_count_months` sums from the source rows: a row where each source has one. `pooled`:
    the month rows may be those summed over every service a commissioner funds (`funded`),
    not each service's."""
    measure = _measure(name)
    f: Filters = report.filters
    services = Q(AnyOf(F("organisation_id"), report.organisation_ids))
    # A row superseded on a day within the period is not its latest.
    q = Q(measure=name) & (
        Q(until__isnull=True) | Q(until__gt=f.end) if f.end else Q(until__isnull=True)
    )
    start, end = (f.start or None, f.end or None) if measure.dated else (None, None)
    by_practice = f.gp_practice is not None and "gp_practice" in measure.dimensions
    months = None if name in HISTOGRAMS or by_practice else _whole_months(start, end)
    if months is None:
        days = Q(day__gte=start) if start else Q()
        return [
            Tally.objects.filter(services & q & where & days & (Q(day__lte=end) if end else Q()))
        ]
    first, after = months
    q_months = q & (Q(month__gte=first) if first else Q()) & (Q(month__lt=after) if after else Q())
    across = Q(dimension="") if where == Q(dimension=WHOLE) else where
    funder = _funder(report) if pooled else None
    read: list[QuerySet[Any]] = [
        MonthTally.objects.filter(services & q_months & across)
        if funder is None
        else FundedMonthTally.objects.filter(Q(organisation_id=funder) & q_months & across)
    ]
    ends = []  # the part-months, read by day
    if start and first and start < first:
        ends.append(Q(day__gte=start, day__lt=first))
    if end and after and after <= end:
        ends.append(Q(day__gte=after, day__lte=end))
    if ends:
        read.append(
            Tally.objects.filter(services & q & where & functools.reduce(operator.or_, ends))
        )
    return read


def _funder(report: Report) -> int | None:
    """The commissioning organisation whose rows across its services (`funded`) answer the
    report, when it is a report of every service that organisation funds, filtered on
    nothing or on a source, and those rows add up those services."""
    f: Filters = report.filters
    if report.funder_id is None or (f.team, f.link_worker, f.gp_practice) != (None, None, None):
        return None
    funder_id = report.funder_id
    return report.shared(
        "funder",
        lambda: funder_id if funded.reading(funder_id, report.organisation_ids) else None,
    )


def _add(into: list[Any], count: int, total: float | None, squares: float | None) -> None:
    """Add a group's count and sums to a running [count, total, squares]; a sum stays None
    until a group has one (a measure with no value)."""
    into[0] += count
    if total is not None:
        into[1] = (into[1] or 0) + total
    if squares is not None:
        into[2] = (into[2] or 0) + squares


def _refreshed(report: Report) -> None:
    """Bring the report's organisations' tallies up to date, once per report however many
    figures read them."""
    report.shared("refreshed", lambda: refresh(report.organisation_ids))


def stored(
    report: Report, name: str, by: tuple[str, ...] = (), *, where: Q | None = None
) -> list[Group]:
    """The measure summed from the tallies of the report's period and filters (the rows
    `where` picks, when given); counted straight from the records when the tallies cannot
    answer those filters."""
    measure = _measure(name)
    where = _slice(report, measure) if where is None else where
    if where is None:
        return direct(report, name, by)
    _refreshed(report)
    grouped = []
    # Rows summed over services have no service to group by.
    for rows in read_from(report, name, where, pooled="organisation_id" not in by):
        month_rows = issubclass(rows.model, MonthRows)
        columns = [
            *("month" if column == "day" and month_rows else column for column in by),
            "key",
        ]
        # As tuples: a national caseload figure has a group for each of thousands of people.
        grouped.append(
            rows.values(*columns).annotate(**SUMS).values_list(*columns, *SUMS).order_by()
        )
    histogram = name in HISTOGRAMS or name in BUCKETED
    placed = len(by) + 1
    summed: Iterable[tuple[tuple[Any, ...], Any]]
    if len(grouped) == 1:  # grouped in the database already
        summed = ((row[:placed], row[placed:]) for row in grouped[0])
    else:  # one query: the month rows' groups and the day rows' groups, added up here
        added: dict[tuple[Any, ...], list[Any]] = {}
        for row in grouped[0].union(*grouped[1:], all=True):
            into = added.setdefault(row[:placed], [0, None, None])
            _add(into, *row[placed:])
        summed = added.items()
    return [
        Group(
            by=place[:-1],
            key=int(place[-1]) if histogram else place[-1],
            count=n,
            total=total,
            squares=squares,
        )
        for place, (n, total, squares) in summed
    ]


def tally(report: Report, name: str, by: tuple[str, ...] = ()) -> list[Group]:
    """The groups of measure `name` under the report, by `by` (day or organisation_id) and
    key, from the rollups where they can answer and straight from the records where not."""
    return (direct if report.direct else stored)(report, name, by)


@dataclass(frozen=True)
class Ranking:
    """A measure's groups with the most counted, as a page lists them."""

    leading: dict[str, int]  # key: count, of those ranked within `most` (and tied with the last)
    groups: int  # how many groups counted anything
    total: int  # what every group counted
    unknown: bool  # whether the group without a key (none recorded) is among them


def ranking(report: Report, name: str, most: int | None) -> Ranking:
    """The groups of measure `name` that counted the most under the report (every group when
    `most` is None), how many there are and their total. Ranked in the database from the
    rollups: a national report's referrals by GP practice are 6,500 groups, which made as
    many `Group`s here to list fifty (15 ms of a 78 ms page)."""
    where = _slice(report, _measure(name))
    if report.direct or where is None:
        counts: dict[str, int] = defaultdict(int)
        for group in direct(report, name):
            counts[group.key] += group.count
        return _ranked(counts, most)
    _refreshed(report)
    parts = [rows.values_list("key", "count").order_by() for rows in read_from(report, name, where)]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    inner, params = rows.query.sql_with_params()
    key, count = connection.ops.quote_name("key"), connection.ops.quote_name("count")
    # RANK: tied groups share a place, so those tied with the last one listed come too.
    sql = (
        f"SELECT r.{key}, r.n, r.groups, r.everything, r.unknown FROM ("
        f"SELECT g.{key}, g.n, RANK() OVER (ORDER BY g.n DESC) AS place, "
        "COUNT(*) OVER () AS groups, SUM(g.n) OVER () AS everything, "
        f"MAX(CASE WHEN g.{key} = '' THEN 1 ELSE 0 END) OVER () AS unknown "
        f"FROM (SELECT u.{key}, SUM(u.{count}) AS n FROM ({inner}) u "
        f"GROUP BY u.{key} HAVING SUM(u.{count}) <> 0) g) r"
        + ("" if most is None else " WHERE r.place <= %s")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *(() if most is None else (most,))))
        found = cursor.fetchall()
    if not found:
        return Ranking(leading={}, groups=0, total=0, unknown=False)
    _, _, groups, total, unknown = found[0]
    return Ranking(
        leading={row[0]: int(row[1]) for row in found},
        groups=int(groups),
        total=int(total),
        unknown=bool(unknown),
    )


def counts(report: Report, name: str) -> dict[str, int]:
    """The count of each key of measure `name` under the report, keys that counted nothing
    left out: summed in the database and read as plain pairs, where `tally` makes a `Group`
    of each row through the ORM's converters (a national caseload figure's 3,500 link
    workers took 11 ms of its 20 ms that way)."""
    return ranking(report, name, None).leading


def _ranked(counts: dict[str, int], most: int | None) -> Ranking:
    """`ranking` of counts already made."""
    counts = {key: n for key, n in counts.items() if n}
    leading = counts
    if most is not None and len(counts) > most:
        least = sorted(counts.values(), reverse=True)[most - 1]
        leading = {key: n for key, n in counts.items() if n >= least}
    return Ranking(
        leading=leading, groups=len(counts), total=sum(counts.values()), unknown="" in counts
    )


def practices_named(organisation_ids: list[int]) -> list[tuple[int, str, str]]:
    """The GP practices the organisations' referrals have named, as (id, name, ODS code) by
    name, from their month rows of referrals by practice: a few a month for each service.
    Asking of each practice whether a referral of these services named it walked the
    referrals' index once for each service until one had: for a national commissioner,
    thousands of services for each of thousands of practices."""
    refresh(organisation_ids)
    keys = (
        MonthTally.objects.filter(
            AnyOf(F("organisation_id"), organisation_ids),
            measure="by_gp_practice",
            dimension="",
        )
        .exclude(key="")
        .values_list("key", flat=True)
        .distinct()
    )
    return list(
        GPPractice.objects.filter(AnyOf(F("pk"), [int(key) for key in keys]))
        .order_by("name")
        .values_list("pk", "name", "ods_code")
    )


def distribution(
    report: Report, name: str, fractions: tuple[float, ...] = (0.5, 0.9)
) -> Distribution:
    """A histogram's count, value summed and percentiles under the report. From the rollups
    in two queries: the whole-day buckets of the period (month rows for its whole months),
    then, of only the buckets the percentiles fall in, the exact durations at the positions
    they need, so a period reads its buckets' rows and a few buckets' durations however many
    referrals it holds, and fetches a handful of them. The same answer as the whole exact
    histogram (`percentiles`), which is what is read straight from the records when the
    rollups cannot answer the filters."""
    where = None if report.direct else _slice(report, MEASURES[name])
    if where is None:
        groups = direct(report, name)
        return Distribution(
            count=sum(group.count for group in groups),
            total=sum(group.total or 0 for group in groups),
            percentiles=percentiles(((group.key, group.count) for group in groups), fractions),
        )
    # Unfiltered, the buckets are read across every value: a row where each source has one.
    buckets = stored(
        report, in_days(name), where=Q(dimension="") if where == Q(dimension=WHOLE) else where
    )
    (durations,) = read_from(report, name, where)

    return Distribution(
        count=sum(group.count for group in buckets),
        total=sum(group.total or 0 for group in buckets),
        percentiles=coarse_percentiles(
            ((group.key, group.count) for group in buckets),
            functools.partial(
                _durations_at, durations, {group.key: group.count for group in buckets}
            ),
            fractions,
        ),
    )


def _durations_at(
    durations: "QuerySet[Any]", sizes: dict[int, int], wanted: dict[int, set[int]]
) -> list[tuple[int, int, int, int]]:
    """The exact durations at the wanted 0-based positions of each whole-day bucket, as
    (bucket, duration, how many of the bucket's durations come before it, how many it is);
    `sizes` are the buckets' counts. Each bucket's rows are put in order and counted in the
    database, which returns only those at a wanted position: a bucket of a national year
    holds tens of thousands of distinct durations. Rows, not distinct durations: a duration
    on two rows (two days, services or values) is two neighbours in the order, and the count
    running over rows needs no grouping first. Only the rows up to the furthest position are
    read, from whichever end of the bucket is nearer it (a 90th percentile is near the end):
    across many services from an index in the order of the durations
    (`tally_bucket_across_idx`), so none is sorted. One bucket to a query's branch, so that
    the bucket is part of the index's condition, not a filter of every row of the buckets'
    index range."""
    quote = connection.ops.quote_name
    duration, n, before = quote("duration"), quote("n"), quote("before")
    branches, params = [], []
    # The buckets read from their end, by size: a position there is counted from the end.
    from_end = {
        bucket: sizes[bucket]
        for bucket, offsets in wanted.items()
        if sizes[bucket] - min(offsets) < max(offsets) + 1
    }
    for bucket, offsets in sorted(wanted.items()):
        size = from_end.get(bucket)
        positions = offsets if size is None else {size - 1 - offset for offset in offsets}
        order = "" if size is None else " DESC"
        inner, inner_params = (
            durations.filter(bucket=bucket)
            .annotate(duration=Cast("key", BigIntegerField()))
            # A row's count as an integer, so that the running count is a bigint, not the
            # numeric that a bigint's sum is (a third of the read's time in a national bucket).
            .values("duration", n=Cast("count", IntegerField()))
            # A row holds one or more durations, so the one at a position is among as many
            # rows more than the position, taken from that end.
            .order_by("duration" if size is None else "-duration")[: max(positions) + 1]
            .query.sql_with_params()
        )
        at = " OR ".join(f"(w.{before} <= %s AND %s < w.{before} + w.{n})" for _ in positions)
        branches.append(
            f"SELECT %s, w.{duration}, w.{before}, w.{n} FROM (SELECT g.{duration}, g.{n}, "
            f"SUM(g.{n}) OVER (ORDER BY g.{duration}{order} ROWS UNBOUNDED PRECEDING) - g.{n} "
            f"AS {before} FROM ({inner}) g) w "
            f"WHERE {at}"
        )
        params.extend(
            [bucket, *inner_params, *(p for position in positions for p in (position,) * 2)]
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)
        found = []
        for bucket, value, counted, count in cursor.fetchall():
            # Read from the end, `counted` is how many come after it.
            size = from_end.get(bucket)
            before_it = counted if size is None else size - counted - count
            found.append((bucket, int(value), int(before_it), int(count)))
        return found


# Counting days again: in the database, one statement per measure for many organisations at
# once. Counted in Python, row by row, a national year of 1,000,000 referrals took half an
# hour, most of it making a model instance of each stored row.

TALLY_COLUMNS = (
    "organisation_id",
    "measure",
    "day",
    "dimension",
    "value",
    "key",
    "bucket",
    "until",
    "count",
    "total",
    "squares",
)
# Organisations counted by one statement when counting every day again: enough to share each
# statement's cost, few enough that its sorts stay in memory.
COUNTED_TOGETHER = 100
# Memory for each of the counting statements' groups (PostgreSQL's work_mem), when counting
# every day again: only that job's connection has it.
COUNTING_MEMORY = "256MB"
# Typed, as PostgreSQL takes an untyped NULL of a UNION or WITH for text.
NO_BUCKET, NO_DAY, NO_SUM = "CAST(NULL AS INTEGER)", "CAST(NULL AS DATE)", "CAST(NULL AS REAL)"


def _microseconds_sql(expression: str) -> str:
    """SQL for a duration in whole microseconds, as `microseconds` gives it (SQLite's
    durations are that already)."""
    if connection.vendor == "postgresql":
        return f"CAST(ROUND(EXTRACT(EPOCH FROM {expression}) * 1000000) AS BIGINT)"
    return f"CAST({expression} AS BIGINT)"


def _whole_days_sql(microseconds: str) -> str:
    """SQL for a duration's bucket, microseconds // DAY as Python floors it (SQL's integer
    division truncates towards zero)."""
    return (
        f"(CASE WHEN {microseconds} >= 0 THEN {microseconds} / {DAY} "
        f"ELSE ({microseconds} - {DAY - 1}) / {DAY} END)"
    )


def _count_measure(
    organisation_ids: list[int], measure: Measure, days: list[datetime.date] | None
) -> None:
    """Store the measure's sums by organisation and day for each value of each dimension it
    is stored by: its rows grouped by every dimension at once (`g`), those groups summed by
    each dimension in turn. A histogram's whole-day buckets are summed from the same groups:
    by each value, and across every value."""
    report = Report(organisation_ids=organisation_ids, filters=Filters(), commissioned=False)
    dimensions = [dimension for dimension in measure.dimensions if dimension]
    by = ("organisation_id", "day", *dimensions)
    queryset, grouping, sums = _grouped(report, measure.name, by, days)
    inner, params = queryset.values(*grouping).annotate(**sums).order_by().query.sql_with_params()
    if measure.name in HISTOGRAMS:
        microseconds = _microseconds_sql("g.tally_key")
        key, bucket = f"CAST({microseconds} AS TEXT)", _whole_days_sql(microseconds)
    elif "tally_key" in grouping:
        key, bucket = "COALESCE(CAST(g.tally_key AS TEXT), '')", NO_BUCKET
    else:
        key, bucket = "''", NO_BUCKET
    total, squares = (
        ("SUM(k.tally_total)", "SUM(k.tally_squares)")
        if "tally_total" in sums
        else (NO_SUM, NO_SUM)
    )
    # Each stored set: its measure, key and bucket, the columns it is grouped by, and the
    # dimensions it is stored by.
    stored = [
        (
            measure.name,
            "k.tally_text_key",
            "k.tally_bucket",
            "k.tally_text_key, ",
            measure.dimensions,
        )
    ]
    if measure.name in HISTOGRAMS:
        buckets = ("CAST(k.tally_bucket AS TEXT)", NO_BUCKET, "", (*measure.dimensions, ""))
        stored.append((in_days(measure.name), *buckets))
    selects = []
    for name, key_of, bucket_of, grouped_by_key, stored_by in stored:
        for dimension in stored_by:
            value = f"COALESCE(CAST(k.tally_{dimension} AS TEXT), '')" if dimension else "''"
            by_value = f"{value}, " if dimension else ""
            selects.append(
                f"SELECT k.tally_organisation_id, %s, k.tally_day, %s, {value}, {key_of}, "
                f"{bucket_of}, {NO_DAY}, SUM(k.tally_count), {total}, {squares} FROM k "
                f"GROUP BY k.tally_organisation_id, k.tally_day, {by_value}{grouped_by_key}"
                "k.tally_bucket"
            )
            params = (*params, name, dimension)
    execute_sql(
        f"WITH g AS ({inner}), "
        f"k AS (SELECT g.*, {key} AS tally_text_key, {bucket} AS tally_bucket FROM g) "
        + insert_into_sql(Tally, TALLY_COLUMNS)
        + " UNION ALL ".join(selects),
        params,
    )


def _count(organisation_ids: list[int], days: Iterable[datetime.date] | None) -> None:
    """Replace the tallies of the organisations' days (every day when None) with what the
    measures count now, a histogram's whole-day buckets with its exact durations."""
    wanted = None if days is None else sorted(set(days))
    if wanted == [] or not organisation_ids:
        return
    stale = Tally.objects.filter(organisation_id__in=organisation_ids)
    if wanted is not None:
        stale = stale.filter(day__in=wanted)
    stale.delete()
    for measure in MEASURES.values():
        if measure.counter is not None:
            rows = measure.counter(organisation_ids, wanted)
            insert_rows(Tally, TALLY_COLUMNS, (row.stored(measure.name) for row in rows))
        else:
            _count_measure(organisation_ids, measure, wanted)
    _count_months(
        organisation_ids, None if wanted is None else {day.replace(day=1) for day in wanted}
    )


def _count_months(organisation_ids: list[int], months: set[datetime.date] | None) -> None:
    """Replace the month rows of the months given (all when None) with their day rows
    summed, in the database. None for histograms' exact durations, which a month rarely
    shares (their whole-day buckets have month rows), nor for GP practices: a practice
    refers a few people a month, so its month rows would be almost as many as its days.
    Every measure has month rows across every value as well."""
    days = (
        Tally.objects.filter(organisation_id__in=organisation_ids)
        .exclude(measure__in=HISTOGRAMS)
        .exclude(dimension="gp_practice")
    )
    # The month rows replaced: those of the months given, and the one row per group of every
    # figure about today, which any day's rows add to.
    replaced = Q()
    if months is not None:
        replaced = Q(month__in=months) | Q(measure__in=UNDATED)
        within = Q(measure__in=UNDATED)
        for month in months:
            within |= Q(day__gte=month, day__lt=_next_month(month))
        days = days.filter(within)
    stale = MonthTally.objects.filter(replaced, organisation_id__in=organisation_ids)
    funders = funded.kept_for(organisation_ids)
    if funders:  # the rows replaced come off their funders' rows, the new ones go on
        funded.journal(organisation_ids, replaced, funders, sign=-1)
    stale.delete()
    columns = ("organisation_id", "measure", "dimension", "value", "key", "until")
    in_month = Case(
        When(measure__in=UNDATED, then=Value(TODAY)),
        default=TruncMonth("day"),
        output_field=DateField(),
    )
    sql, params = (
        days.annotate(in_month=in_month)
        .values(*columns, "in_month")
        .annotate(**SUMS)
        .order_by()
        .query.sql_with_params()
    )
    quoted = columns_of("m", columns)
    execute_sql(
        insert_into_sql(MonthTally, (*columns, "month", "count", "total", "squares"))
        + f"SELECT {quoted}, m.in_month, m.n, m.t, m.s FROM ({sql}) m",
        params,
    )
    # Rows across every value, for the measures that have none of their own: an unfiltered
    # report reads them (`read_from`), a third to a tenth as many as each source's.
    across = ("organisation_id", "measure", "key", "until", "month")
    sql, params = (
        MonthTally.objects.filter(replaced, organisation_id__in=organisation_ids, dimension=WHOLE)
        .exclude(measure__in=UNFILTERED)
        .values(*across)
        .annotate(**SUMS)
        .order_by()
        .query.sql_with_params()
    )
    quoted = columns_of("m", across)
    execute_sql(
        insert_into_sql(MonthTally, (*across, "count", "total", "squares", "dimension", "value"))
        + f"SELECT {quoted}, m.n, m.t, m.s, '', '' FROM ({sql}) m",
        params,
    )
    if funders:
        funded.journal(organisation_ids, replaced, funders, sign=1)
        funded.changed(funders)


def _days_of(organisation_id: int, events: list[AuditEvent]) -> set[datetime.date]:
    """The days whose tallies the changes of `events` may alter: every day a changed
    person's referrals, contacts and feedback are counted on, and every day a changed moment
    was or is (a creation's changes hold its moments)."""
    people = {event.person_id for event in events if event.person_id is not None}
    referral_ids = {
        int(event.object_id)
        for event in events
        if event.object_type == "referrals.referral" and event.object_id.isdigit()
    }
    referrals = Referral.objects.filter(organisation=organisation_id).filter(
        Q(person__in=people) | Q(pk__in=referral_ids)
    )
    moments: list[datetime.datetime | None] = []
    for row in referrals.values_list("received_at", "closed_at", "waiting_since"):
        moments.extend(row)
    moments.extend(
        Contact.objects.filter(organisation=organisation_id, referral__in=referrals).values_list(
            "when", flat=True
        )
    )
    # A referral accepted after it was triaged changes no moment of its own that day, but
    # its coded event is counted on it.
    moments.extend(
        CodedEvent.objects.filter(organisation=organisation_id, referral__in=referrals).values_list(
            "at", flat=True
        )
    )
    moments.extend(
        FeedbackResponse.objects.filter(
            organisation=organisation_id, referral__in=referrals
        ).values_list("submitted_at", flat=True)
    )
    moments.extend(_moments_of_people(organisation_id, people))
    for event in events:
        for change in event.changes.values():
            if isinstance(change, list):
                moments.extend(_moment_in(value) for value in change)
    return {timezone.localdate(moment) for moment in moments if moment is not None}


def _moments_of_people(organisation_id: int, people: set[int]) -> list[datetime.datetime | None]:
    """The moments the people's scores, activity referrals, accompaniments and referrals
    sent on to other services are counted at."""
    return [
        *Administration.objects.filter(organisation=organisation_id, person__in=people).values_list(
            "completed_at", flat=True
        ),
        *ActivityReferral.objects.filter(
            organisation=organisation_id, person__in=people
        ).values_list("created_at", flat=True),
        *Accompaniment.objects.filter(
            organisation=organisation_id, activity_referral__person__in=people
        ).values_list("meet_at", flat=True),
        *Referral.objects.filter(
            referring_organisation=organisation_id, onward_from__in=people
        ).values_list("received_at", flat=True),
    ]


def _moment_in(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def _writes() -> "QuerySet[AuditEvent]":
    """The audit events that can change a figure: writes, not views or exports."""
    return AuditEvent.objects.exclude(
        action__in=[AuditEvent.Action.VIEWED, AuditEvent.Action.EXPORTED]
    )


def _behind(organisation_ids: list[int]) -> list[int]:
    """Of the organisations, those whose tallies were never counted or that have writes
    (not views or exports, which change no figure) after their watermark: one query however
    many organisations a report reads (a national commissioner's organisation funds every
    service), one probe of the audit trail's index of writes for each watermark."""
    written = _writes().filter(
        organisation=OuterRef("organisation_id"), pk__gt=OuterRef("last_event_id")
    )
    counted = dict(
        Watermark.objects.filter(AnyOf(F("organisation_id"), organisation_ids))
        .annotate(written=Exists(written))
        .values_list("organisation_id", "written")
    )
    return sorted(pk for pk in set(organisation_ids) if counted.get(pk, True))


def refresh(organisation_ids: Iterable[int]) -> None:
    """Bring the organisations' tallies up to date with the audit trail: count again the
    days that writes since the watermark touched (every day, when a record was deleted or
    merged, whose days can no longer be read). Only the organisations found behind are
    locked and read again; those up to date cost nothing past that one query."""
    with scopes_disabled():
        behind = _behind(list(organisation_ids))
    if not behind:
        return
    with scopes_disabled(), transaction.atomic():
        # Their funders' locks first, before any watermark's: always in that order.
        funded.kept_for(behind)
        for organisation_id in behind:
            mark, new = Watermark.objects.select_for_update().get_or_create(
                organisation_id=organisation_id
            )
            events = list(
                _writes()
                .filter(organisation=organisation_id, pk__gt=mark.last_event_id)
                .only("pk", "action", "object_type", "object_id", "person_id", "changes")
                .order_by("pk")
            )
            if new:
                _count([organisation_id], None)
                mark.last_event_id = _last_event()
            elif events:
                everything = any(
                    event.action in (AuditEvent.Action.DELETED, AuditEvent.Action.MERGED)
                    for event in events
                )
                _count([organisation_id], None if everything else _days_of(organisation_id, events))
                mark.last_event_id = events[-1].pk
            else:
                continue
            mark.save(update_fields=["last_event_id"])


def _last_event() -> int:
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def rebuild(organisation_ids: Iterable[int]) -> None:
    """Count every day of the organisations again, from nothing."""
    ids = list(organisation_ids)
    with scopes_disabled(), transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Hashed groups instead of sorting millions of rows by their text on disk.
                cursor.execute(f"SET LOCAL work_mem = '{COUNTING_MEMORY}'")
        for together in itertools.batched(ids, COUNTED_TOGETHER):
            _count(list(together), None)
        # Replaced, not updated: the same queries whether or not they were there.
        Watermark.objects.filter(organisation_id__in=ids).delete()
        last = _last_event()
        Watermark.objects.bulk_create(
            Watermark(organisation_id=organisation_id, last_event_id=last)
            for organisation_id in ids
        )

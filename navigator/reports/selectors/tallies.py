"""The counts, sums and histograms that report figures are built from, read either straight
from referrals and contacts (`direct`, the reference) or from the rollup table `Tally`, which
holds the same measures counted by organisation, day and every dimension a report filters on.

Each measure is defined once, as a query under a `Report`. Counting a day again runs that
query for one organisation and the days asked, grouped by day and dimension, and stores the
rows; a report then sums the stored rows of its period. Both paths group by the same names,
so a figure cannot tell which one it read.

A day is counted again when the audit trail (written in the same transaction as every write
of personal data) shows a change to someone with a referral that day: `refresh` does that
before a report reads. `rebuild` counts every day again: the worker's nightly job and the
`rebuild_report_rollups` command."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
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
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.models import User
from navigator.activities.models import ActivityReferral, StatusChange
from navigator.activities.states import Status
from navigator.audit.models import AuditEvent
from navigator.contacts.models import Contact
from navigator.feedback.models import FeedbackResponse
from navigator.plans.models import SupportPlan
from navigator.referrals.models import Referral
from navigator.referrals.states import State
from navigator.reports.models import Tally, Watermark
from navigator.reports.selectors.base import (
    ATTENDED_STATUSES,
    CASELOAD_STATES,
    Filters,
    Report,
    dated,
)

# A fixed moment that waiting_since is measured from, so the waiting list is a histogram of
# durations like the waiting times (and its median day is EPOCH plus the median duration).
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

# The dimensions every tally is counted by: the names `by` may use, besides "day", "key"
# and "organisation_id".
DIMENSIONS = ("gp_practice_id", "source_type", "link_worker_id")


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


@dataclass(frozen=True)
class Group:
    """One group of a measure: its `by` values, key, count, and the sums of its value."""

    by: tuple[Any, ...]
    key: Any
    count: int
    total: float | None
    squares: float | None


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


MEASURES: dict[str, Measure] = {
    measure.name: measure
    for measure in (
        Measure("referred", lambda report: report.referrals(), "received_at"),
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
    )
}

HISTOGRAMS = frozenset({"to_first_contact", "to_assessment", "waiting", "support_length"})


def _local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _columns(measure: Measure) -> dict[str, Any]:
    """The tally's columns as expressions over the measure's rows."""
    path = measure.referral
    return {
        "day": _local_day(measure.moment),
        "organisation_id": F("organisation"),
        "gp_practice_id": F(f"{path}gp_practice"),
        "source_type": F(f"{path}source_type"),
        "link_worker_id": F(f"{path}allocated_to"),
    }


def _expression(value: Any) -> Any:
    return value() if callable(value) else value


def direct(
    report: Report,
    name: str,
    by: tuple[str, ...] = (),
    *,
    days: list[datetime.date] | None = None,
) -> list[Group]:
    """The measure counted straight from its rows, grouped by `by` and its key; only the
    rows of `days` (by the measure's own moment) when given."""
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
    if grouping:
        rows = queryset.values(*grouping).annotate(**sums).order_by()
    else:
        rows = [queryset.aggregate(**sums)]
    groups = []
    for row in rows:
        if not row["tally_count"] and not grouping:
            continue
        found = row.get("tally_key", "")
        groups.append(
            Group(
                by=tuple(row[alias] for alias in aliases),
                key=microseconds(found) if name in HISTOGRAMS else found,
                count=row["tally_count"],
                total=_number(row.get("tally_total")),
                squares=_number(row.get("tally_squares")),
            )
        )
    return groups


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def stored(report: Report, name: str, by: tuple[str, ...] = ()) -> list[Group]:
    """The measure summed from the tallies of the report's period and filters."""
    report.shared("refreshed", lambda: refresh(report.organisation_ids))
    f: Filters = report.filters
    q = Q(organisation__in=report.organisation_ids, measure=name)
    if MEASURES[name].dated:
        if f.start:
            q &= Q(day__gte=f.start)
        if f.end:
            q &= Q(day__lte=f.end)
    if f.team is not None:
        q &= Q(link_worker_id__in=User.objects.filter(team=f.team).values("pk"))
    if f.link_worker is not None:
        q &= Q(link_worker_id=f.link_worker)
    if f.gp_practice is not None:
        q &= Q(gp_practice_id=f.gp_practice)
    if f.source:
        q &= Q(source_type=f.source)
    rows = (
        Tally.objects.filter(q)
        .values(*by, "key")
        .annotate(n=Sum("count"), t=Sum("total"), s=Sum("squares"))
        .order_by()
    )
    histogram = name in HISTOGRAMS
    return [
        Group(
            by=tuple(row[column] for column in by),
            key=int(row["key"]) if histogram else row["key"],
            count=row["n"],
            total=row["t"],
            squares=row["s"],
        )
        for row in rows
    ]


def tally(report: Report, name: str, by: tuple[str, ...] = ()) -> list[Group]:
    """The groups of measure `name` under the report, by `by` (tally column names) and key,
    from wherever the report reads."""
    return (direct if report.direct else stored)(report, name, by)


# Counting days again.


def _count(organisation_id: int, days: Iterable[datetime.date] | None) -> None:
    """Replace the tallies of one organisation's days (every day when None) with what the
    measures count now."""
    wanted = None if days is None else sorted(set(days))
    if wanted == []:
        return
    report = Report(organisation_ids=[organisation_id], filters=Filters(), commissioned=False)
    rows = []
    by = ("day", *DIMENSIONS)
    for name in MEASURES:
        for group in direct(report, name, by, days=wanted):
            day, gp_practice_id, source_type, link_worker_id = group.by
            rows.append(
                Tally(
                    organisation_id=organisation_id,
                    day=day,
                    measure=name,
                    key="" if group.key is None else str(group.key),
                    gp_practice_id=gp_practice_id,
                    source_type=source_type,
                    link_worker_id=link_worker_id,
                    count=group.count,
                    total=group.total,
                    squares=group.squares,
                )
            )
    stale = Tally.objects.filter(organisation_id=organisation_id)
    if wanted is not None:
        stale = stale.filter(day__in=wanted)
    stale.delete()
    Tally.objects.bulk_create(rows, batch_size=1000)


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
    moments.extend(
        FeedbackResponse.objects.filter(
            organisation=organisation_id, referral__in=referrals
        ).values_list("submitted_at", flat=True)
    )
    for event in events:
        for change in event.changes.values():
            if isinstance(change, list):
                moments.extend(_moment_in(value) for value in change)
    return {timezone.localdate(moment) for moment in moments if moment is not None}


def _moment_in(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def refresh(organisation_ids: Iterable[int]) -> None:
    """Bring the organisations' tallies up to date with the audit trail: count again the
    days that writes since the watermark touched (every day, when a record was deleted or
    merged, whose days can no longer be read)."""
    with scopes_disabled(), transaction.atomic():
        for organisation_id in organisation_ids:
            mark, new = Watermark.objects.select_for_update().get_or_create(
                organisation_id=organisation_id
            )
            events = list(
                AuditEvent.objects.filter(organisation=organisation_id, pk__gt=mark.last_event_id)
                .exclude(action__in=[AuditEvent.Action.VIEWED, AuditEvent.Action.EXPORTED])
                .only("pk", "action", "object_type", "object_id", "person_id", "changes")
                .order_by("pk")
            )
            if new:
                _count(organisation_id, None)
                mark.last_event_id = _last_event()
            elif events:
                everything = any(
                    event.action in (AuditEvent.Action.DELETED, AuditEvent.Action.MERGED)
                    for event in events
                )
                _count(organisation_id, None if everything else _days_of(organisation_id, events))
                mark.last_event_id = events[-1].pk
            else:
                continue
            mark.save(update_fields=["last_event_id"])


def _last_event() -> int:
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def rebuild(organisation_ids: Iterable[int]) -> None:
    """Count every day of the organisations again, from nothing."""
    with scopes_disabled(), transaction.atomic():
        for organisation_id in organisation_ids:
            _count(organisation_id, None)
            # Replaced, not updated: the same queries whether or not it was there.
            Watermark.objects.filter(organisation_id=organisation_id).delete()
            Watermark.objects.create(organisation_id=organisation_id, last_event_id=_last_event())

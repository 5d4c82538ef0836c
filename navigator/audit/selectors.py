import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import TruncHour
from django.utils import timezone

from navigator.audit.models import AuditEvent
from navigator.core.scoping import people_hidden_from


def shown_to(events: QuerySet[AuditEvent], viewer_id: int) -> QuerySet[AuditEvent]:
    """`events` marked `restricted_from_viewer` where they are about a person whose restricted
    record the viewer may not see: such an event shows who did what and when, not whose
    record it was (its label and values name the person)."""
    hidden = people_hidden_from(viewer_id)
    if hidden is None:
        return events.annotate(restricted_from_viewer=Value(False))
    return events.annotate(
        restricted_from_viewer=Exists(hidden.filter(person_id=OuterRef("person_id")))
    )


def events_about_person(person_ids: list[int]) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(person_id__in=person_ids).select_related("actor")


def events_by_user(user_id: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor_id=user_id).select_related("actor")


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date
    organisation_id: int | None = None
    user_id: int | None = None
    person_id: int | None = None
    action: str = ""


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def review_events(filters: Filters, *, deployment: bool) -> QuerySet[AuditEvent]:
    """The events a review shows, newest first. A manager's are their organisation's (the
    scope sees to it); an administrator's span the deployment, with the events about
    administrators' accounts, which belong to no organisation."""
    manager = AuditEvent.objects.with_scopes_disabled() if deployment else AuditEvent.objects
    events = manager.filter(
        at__gte=_day_start(filters.start),
        at__lt=_day_start(filters.end + datetime.timedelta(days=1)),
    )
    if filters.organisation_id:
        events = events.filter(organisation_id=filters.organisation_id)
    if filters.user_id:
        events = events.filter(actor_id=filters.user_id)
    if filters.person_id:
        events = events.filter(person_id=filters.person_id)
    if filters.action:
        events = events.filter(action=filters.action)
    return events.select_related("organisation").order_by("-at", "-id")


# One user seeing this many people's records within an hour is shown as unusual: more than a
# day's work of a link worker, and what trawling through records looks like.
MANY_RECORDS = 50
SHOWN_PATTERNS = 20


@dataclass(frozen=True)
class Pattern:
    actor_id: int | None
    actor_name: str
    hour: datetime.datetime
    people: int

    @property
    def description(self) -> str:
        return f"Saw {self.people} people's records in one hour"


def many_records_viewed(events: QuerySet[AuditEvent]) -> list[Pattern]:
    """Each hour in which one user saw MANY_RECORDS people's records or more, most first:
    one aggregate query, however many events there are."""
    rows = (
        events.filter(action=AuditEvent.Action.VIEWED, person_id__isnull=False)
        .annotate(hour=TruncHour("at"))
        .values("actor_id", "actor_name", "hour")
        .annotate(people=Count("person_id", distinct=True))
        .filter(people__gte=MANY_RECORDS)
        .order_by("-people", "-hour")[:SHOWN_PATTERNS]
    )
    return [Pattern(**row) for row in rows]


def unusual(event: AuditEvent, patterns: list[Pattern]) -> str:
    """Why an event listed stands out, or "" when it does not."""
    if event.action == AuditEvent.Action.BROKE_GLASS:
        return "Emergency access"
    hour = event.at.replace(minute=0, second=0, microsecond=0)
    for pattern in patterns:
        if (
            event.action == AuditEvent.Action.VIEWED
            and pattern.actor_id == event.actor_id
            and pattern.hour == hour
        ):
            return "Many records in an hour"
    return ""

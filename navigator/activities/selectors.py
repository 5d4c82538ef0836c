"""Reads of activity referrals. Scoping to the user's organisation comes from the scoped
managers; providers and volunteers are narrowed further here."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.activities.models import Accompaniment, ActivityReferral, StatusChange
from navigator.activities.states import ACCEPTING_ANSWERS, Status
from navigator.core.timeline import TimelineEntry
from navigator.directory.models import Service
from navigator.links.models import Purpose, SecureLink
from navigator.people.models import Person
from navigator.referrals.models import Referral
from navigator.referrals.states import OPEN_STATES

if TYPE_CHECKING:  # django-stubs' helper, installed with the checker only
    from django_stubs_ext import WithAnnotations

# Statuses a provider never sees: not sent, or not a referral at all.
HIDDEN_FROM_PROVIDERS = (Status.DRAFT, Status.SIGNPOSTED, Status.ENTERED_IN_ERROR)
# A week after the planned first session, someone should have said whether the person went.
PROMPT_AFTER = datetime.timedelta(days=7)
NOT_STARTED = (Status.REQUESTED, Status.ACCEPTED, Status.ON_HOLD)


def awaiting_attendance_word(now: datetime.datetime) -> Q:
    """Referrals whose first session was planned more than a week before `now` and whose
    status still does not say whether the person went."""
    return Q(status__in=NOT_STARTED, planned_first_session__lte=now - PROMPT_AFTER)


def person_was_asked(activity_referral: ActivityReferral) -> bool:
    """Whether the person has ever been sent a link asking if they went (answered or not)."""
    return SecureLink.objects.filter(
        target_type=ContentType.objects.get_for_model(ActivityReferral),
        target_id=activity_referral.pk,
        purpose=Purpose.PERSON_ATTENDANCE,
    ).exists()


def with_history() -> QuerySet[ActivityReferral]:
    return ActivityReferral.objects.select_related(
        "person", "service__organisation", "made_by", "case", "onward_referral__organisation"
    ).prefetch_related("status_changes__by", "accompaniments__companion")


def referrals_for_person(person: Person) -> QuerySet[ActivityReferral]:
    return with_history().filter(person=person)


def provider_inbox(user: User) -> QuerySet[ActivityReferral]:
    """Referrals sent to services of the directory organisations `user` is linked to."""
    return (
        ActivityReferral.objects.filter(service__organisation__provider_users=user)
        .exclude(status__in=HIDDEN_FROM_PROVIDERS)
        .select_related("service", "person")
        .order_by("-requested_at")
    )


def status_history(person: Person) -> list[TimelineEntry]:
    """The person's timeline entries from activity referrals, in one query."""
    changes = (
        StatusChange.objects.filter(activity_referral__person=person)
        .select_related("activity_referral__service")
        .only(
            "from_status",
            "to_status",
            "at",
            "by_name",
            "side",
            "reason",
            "activity_referral",
            "activity_referral__service",
            "activity_referral__service__name",
        )
    )
    entries = []
    for change in changes:
        service = change.activity_referral.service.name
        status = Status(change.to_status).label.lower()
        if change.to_status == Status.SIGNPOSTED:
            title = f"Signposted to {service}"
        elif change.from_status == change.to_status:
            # An answer that changed nothing (the person's, by their link): say so.
            title = f"Activity referral to {service}: still {status}"
        else:
            title = f"Activity referral to {service}: {status}"
        entries.append(
            TimelineEntry(
                at=change.at,
                title=title,
                description=change.reason,
                actor=change.by_name or change.get_side_display(),
            )
        )
    return entries


@dataclass(frozen=True)
class DestinationRecord:
    """A service's record as a referral destination, over every organisation's referrals
    (figures only, no personal data)."""

    sent: int
    answered: int
    accepted: int
    median_days_to_respond: float | None

    @property
    def share_accepted(self) -> float | None:
        return self.accepted / self.answered if self.answered else None

    @property
    def summary(self) -> str:
        if self.answered:
            return (
                f"answered {self.answered} of {self.sent} referrals sent, median "
                f"{self.median_days_to_respond:g} days to answer, {self.percent_accepted}% accepted"
            )
        if self.sent:
            return f"{self.sent} referrals sent, none answered yet"
        return "no referrals sent yet"

    @property
    def percent_accepted(self) -> int | None:
        share = self.share_accepted
        return None if share is None else round(share * 100)


def service_page_context(service: Service) -> dict[str, DestinationRecord]:
    """The directory's service page shows how referrals sent to the service went."""
    return {"as_destination": destination_record(service)}


def destination_record(service: Service) -> DestinationRecord:
    """Referrals sent to `service`, how many it answered and accepted (accepted, waiting
    list or attending as its first answer), and the median time to its first answer. Counts
    in one aggregate query; the median by the database's ordering, reading one or two rows."""
    with scopes_disabled():
        sent = ActivityReferral.objects.filter(service=service, requested_at__isnull=False)
        counts = sent.aggregate(
            sent=Count("pk"),
            answered=Count("pk", filter=~Q(first_answer="")),
            accepted=Count("pk", filter=Q(first_answer__in=ACCEPTING_ANSWERS)),
        )
        answered = sent.exclude(first_answer="").filter(first_answered_at__isnull=False)
        waits = answered.annotate(
            wait=ExpressionWrapper(
                F("first_answered_at") - F("requested_at"), output_field=DurationField()
            )
        ).order_by("wait")
        median = _median(list(_middle(waits, counts["answered"])))
    return DestinationRecord(
        sent=counts["sent"],
        answered=counts["answered"],
        accepted=counts["accepted"],
        median_days_to_respond=median,
    )


class Wait(TypedDict):
    """What `destination_record` adds to each answered referral."""

    wait: datetime.timedelta  # from sending the referral to the provider's first answer


type WaitRow = WithAnnotations[ActivityReferral, Wait]


def _middle(waits: QuerySet[WaitRow], count: int) -> list[datetime.timedelta]:
    if not count:
        return []
    start = (count - 1) // 2
    size = 1 if count % 2 else 2
    return list(waits.values_list("wait", flat=True)[start : start + size])


def _median(middle: list[datetime.timedelta]) -> float | None:
    if not middle:
        return None
    seconds = sum(wait.total_seconds() for wait in middle) / len(middle)
    return round(seconds / 86400, 1)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Recipients:
    """Who receives a referral sent to a service: told to the link worker before they send
    it, so that a referral no one can receive is never reported as sent."""

    service_name: str
    triage: str = ""  # a social prescribing service using this Navigator: its name
    inbox: tuple[str, ...] = ()  # provider users who answer in their Navigator inbox
    email: str = ""  # otherwise a secure link is e-mailed here

    @property
    def nobody(self) -> bool:
        return not (self.triage or self.inbox or self.email)

    @property
    def text(self) -> str:
        if self.triage:
            return f"It goes to {self.triage}'s triage queue in Navigator."
        if self.inbox:
            who = _and(list(self.inbox))
            return f"{who} will see it in their Navigator inbox and answer it there."
        if self.email:
            return f"It is e-mailed to {self.email} as a secure link, where they answer it."
        return (
            f"No one can receive it: {self.service_name} has no provider user in Navigator "
            "and no e-mail address."
        )


def recipients(service: Service) -> Recipients:
    """Who a referral to `service` reaches: another service's triage queue when that service
    uses this Navigator, else the provider users of its directory organisation, else the
    listing's e-mail (or its organisation's). Nobody when none of these exists."""
    if service.navigator_organisation is not None:
        return Recipients(service.name, triage=service.navigator_organisation.name)
    users = service.organisation.provider_users.filter(is_active=True).order_by("pk")
    names = tuple(user.get_full_name() or user.username for user in users)
    if names:
        return Recipients(service.name, inbox=names)
    return Recipients(service.name, email=service.email or service.organisation.email)


def only_open_case(person: Person) -> Referral | None:
    """The person's open case when they have exactly one: what an activity referral belongs
    to unless the link worker says otherwise."""
    open_cases = list(person.referrals.filter(state__in=OPEN_STATES)[:2])
    return open_cases[0] if len(open_cases) == 1 else None


def venue_of(service: Service) -> str:
    """Where the service meets, in one line (its first venue), or empty when none is given."""
    place = service.service_at_locations.select_related("location").first()
    if place is None:
        return ""
    location = place.location
    parts = [location.name, location.address_1, location.city, location.postcode]
    return ", ".join(part for part in parts if part)


def companions(organisation_id: int) -> QuerySet[User]:
    """Who can go with a person: the organisation's link workers, managers and volunteers."""
    return User.objects.filter(
        organisation_id=organisation_id,
        is_active=True,
        role__in=[Role.LINK_WORKER, Role.MANAGER, Role.VOLUNTEER],
    ).order_by("role", "last_name", "first_name")


def volunteers(organisation_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(organisation_id=organisation_id, role=Role.VOLUNTEER)
        .select_related("volunteer_profile")
        .order_by("last_name", "first_name")
    )


# A volunteer still sees a visit this many days after it, until its outcome is recorded.
VISIT_SHOWN_FOR_DAYS = 7


def assignments_for(user: User) -> QuerySet[Accompaniment]:
    """The visits `user` goes on, soonest first: those still to come or just past, without
    outcomes recorded. Nothing of a visit once it is done."""
    since = timezone.now() - datetime.timedelta(days=VISIT_SHOWN_FOR_DAYS)
    return (
        Accompaniment.objects.filter(companion=user, outcome="", meet_at__gte=since)
        .select_related("activity_referral__service", "activity_referral__person", "arranged_by")
        .order_by("meet_at")
    )


# Activities the person is going to, or was pointed to, as their support plan lists them.
PLANNED_STATUSES = [
    Status.REQUESTED,
    Status.ACCEPTED,
    Status.ON_HOLD,
    Status.IN_PROGRESS,
    Status.SIGNPOSTED,
]


def planned_activities(person: Person) -> QuerySet[ActivityReferral]:
    """The person's live activity referrals with the directory details a plan shows: when,
    where and whom to contact (three queries whatever the number)."""
    return (
        ActivityReferral.objects.filter(person=person, status__in=PLANNED_STATUSES)
        .select_related("service__organisation")
        .prefetch_related("service__schedules", "service__service_at_locations__location")
        .order_by("created_at", "pk")
    )

"""Reads of referrals. Scoping to the user's organisation comes from the scoped manager."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.accounts.selectors import with_names
from navigator.core.calendar import working_days_before
from navigator.core.timeline import TimelineEntry
from navigator.people.models import Person
from navigator.referrals.models import (
    URGENCY_TARGETS,
    CodedEvent,
    Referral,
    ReferralReason,
    Transition,
    Urgency,
)
from navigator.referrals.states import NEW_STATES, OPEN_STATES, State

if TYPE_CHECKING:  # django-stubs' helper, installed with the checker only
    from django_stubs_ext import WithAnnotations

MOST_URGENT_FIRST = [Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE]
QUEUE_SORTS = {
    "urgency": ("-past_target", "urgency_rank", "received_at", "pk"),
    "oldest": ("received_at", "pk"),
}


def _received_by_for_target(now: datetime.datetime) -> dict[str, datetime.datetime]:
    """For each urgency with a target: a referral received before this moment has missed it."""
    today = timezone.localdate(now)
    cutoffs: dict[str, datetime.datetime] = {}
    for urgency, (amount, working) in URGENCY_TARGETS.items():
        back_to = (
            working_days_before(today, amount) if working else today - datetime.timedelta(amount)
        )
        cutoffs[urgency] = now - (today - back_to)
    return cutoffs


def triage_queue(now: datetime.datetime | None = None, sort: str = "urgency") -> QuerySet[Referral]:
    """New referrals waiting for the service to act. By default those past their urgency's
    target first, then the most urgent, then the oldest; `sort="oldest"` is oldest first."""
    cutoffs = _received_by_for_target(now or timezone.now())
    late = Q()
    for urgency, cutoff in cutoffs.items():
        late |= Q(urgency=urgency, received_at__lt=cutoff)
    return (
        Referral.objects.filter(state__in=NEW_STATES)
        .annotate(
            past_target=Case(
                When(late, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            urgency_rank=Case(
                *(
                    When(urgency=urgency, then=Value(rank))
                    for rank, urgency in enumerate(MOST_URGENT_FIRST)
                ),
                default=Value(len(MOST_URGENT_FIRST)),
            ),
        )
        .order_by(*QUEUE_SORTS.get(sort, QUEUE_SORTS["urgency"]))
        # What the queue shows and `likely_duplicates` compares: not the whole referral.
        .only(
            "reference",
            "state",
            "given_name",
            "family_name",
            "date_of_birth",
            "nhs_number",
            "received_at",
            "urgency",
            "source_type",
            "consent_given",
        )
    )


# A closed or declined referral received this recently can still be a duplicate of a new one.
DUPLICATE_WITHIN_DAYS = 90


def likely_duplicates(referrals: Iterable[Referral]) -> dict[int, list[Referral]]:
    """For each referral, the service's other referrals probably about the same person: the
    same NHS number, or the same name and date of birth; open, or received in the last
    DUPLICATE_WITHIN_DAYS days. Two queries for a page of referrals: a large service has
    thousands of referrals sharing a page's birthdays, so those are compared as plain rows
    and only the matches loaded."""
    referrals = list(referrals)
    if not referrals:
        return {}
    since = timezone.now() - datetime.timedelta(days=DUPLICATE_WITHIN_DAYS)
    numbers = {referral.nhs_number for referral in referrals if referral.nhs_number}
    candidates = list(
        Referral.objects.filter(
            Q(nhs_number__in=numbers)
            | Q(date_of_birth__in={referral.date_of_birth for referral in referrals})
        )
        .filter(Q(state__in=OPEN_STATES) | Q(received_at__gte=since))
        .values_list("pk", "nhs_number", "date_of_birth", "given_name", "family_name")
    )

    # Indexed by what makes two referrals the same person, so that each of the page's
    # referrals looks its matches up rather than comparing itself with every candidate.
    by_number: dict[str, set[int]] = defaultdict(set)
    by_identity: dict[tuple[datetime.date, str, str], set[int]] = defaultdict(set)
    for pk, nhs_number, date_of_birth, given_name, family_name in candidates:
        if nhs_number:
            by_number[nhs_number].add(pk)
        by_identity[(date_of_birth, given_name.casefold(), family_name.casefold())].add(pk)

    def same_person_as(one: Referral) -> set[int]:
        identity = (one.date_of_birth, one.given_name.casefold(), one.family_name.casefold())
        found = by_identity.get(identity, set())
        if one.nhs_number:
            found = found | by_number.get(one.nhs_number, set())
        return found - {one.pk}

    matches = {referral.pk: same_person_as(referral) for referral in referrals}
    wanted = set().union(*matches.values())
    found = (
        list(Referral.objects.filter(pk__in=wanted).order_by("received_at", "pk")) if wanted else []
    )
    return {pk: [other for other in found if other.pk in same] for pk, same in matches.items()}


def _as_listed(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Only the columns the waiting list page shows of a referral and its person (and that
    its audit events name): the rest of the two rows, some ninety columns, were read and
    converted for every referral listed and never used."""
    return referrals.select_related("person").only(
        "organisation",
        "reference",
        "given_name",
        "family_name",
        "received_at",
        "urgency",
        "waiting_since",
        "person__given_name",
        "person__family_name",
    )


def accepted_unallocated() -> QuerySet[Referral]:
    """Accepted referrals no one has been given nor put on the waiting list yet: shown where a
    manager allocates work, so that none is left waiting unseen."""
    return _as_listed(Referral.objects.filter(state=State.ACCEPTED)).order_by("received_at", "pk")


def waiting_list() -> QuerySet[Referral]:
    return _as_listed(Referral.objects.filter(state=State.WAITING)).order_by("waiting_since", "pk")


def history(referral: Referral) -> QuerySet[Transition]:
    return referral.transitions.select_related("by")


def coded_events(referral: Referral) -> QuerySet[CodedEvent]:
    return referral.coded_events.select_related("by")


def referrals_made_by(user: User) -> QuerySet[Referral]:
    """What a referrer sent, newest first; never anybody else's."""
    return Referral.objects.filter(referred_by=user).order_by("-received_at", "-pk")


def active_reasons() -> QuerySet[ReferralReason]:
    return ReferralReason.objects.filter(active=True)


class Caseload(TypedDict):
    caseload: int  # the referrals allocated to them that are still open


type LinkWorkerWithCaseload = WithAnnotations[User, Caseload]


def link_workers_with_caseload(
    organisation: Organisation,
) -> QuerySet[LinkWorkerWithCaseload]:
    """The organisation's active link workers, each with `caseload`: the referrals allocated
    to them that are still open."""
    return (
        User.objects.filter(organisation=organisation, role=Role.LINK_WORKER, is_active=True)
        .annotate(
            caseload=Count(
                "allocated_referrals",
                filter=Q(allocated_referrals__state__in=OPEN_STATES),
            )
        )
        .order_by("first_name", "last_name", "pk")
    )


def onward_destinations(organisation: Organisation) -> QuerySet[Organisation]:
    """Where a service may refer someone onward: the other social prescribing services in
    this Navigator (with a link worker or manager), never itself nor a commissioning body."""
    staff = User.objects.filter(
        organisation=OuterRef("pk"),
        role__in=[Role.LINK_WORKER, Role.MANAGER],
        is_active=True,
    )
    return (
        Organisation.objects.exclude(pk=organisation.pk)
        .filter(Exists(staff), funds__isnull=True)
        .order_by("name")
    )


@dataclass(frozen=True)
class OnwardReferral:
    """An onward referral as the service that sent it may follow it: where it went, its
    reference, and how far the other service has got, nothing more."""

    to: str
    reference: str
    sent_at: datetime.datetime
    state: str

    @property
    def status(self) -> str:
        if self.state == State.DECLINED:
            return "Declined"
        if self.state in NEW_STATES:
            return "Received"
        return "Accepted"


def onward_referrals_of(person: Person) -> list[OnwardReferral]:
    """The onward referrals the person's service made for them, newest first. They belong to
    the receiving services, so they are read across organisations, and only these fields."""
    with scopes_disabled():
        rows = (
            Referral.objects.filter(
                onward_from=person, referring_organisation_id=person.organisation_id
            )
            .order_by("-received_at", "-pk")
            .values_list("organisation__name", "reference", "received_at", "state")
        )
        return [OnwardReferral(*row) for row in rows]


def referral_history(person: Person) -> list[TimelineEntry]:
    """The person's timeline entries from referrals: every move of each referral matched to
    them, in one query."""
    transitions = (
        Transition.objects.filter(referral__person=person)
        .select_related("referral", "by")
        .only(
            "from_state",
            "to_state",
            "at",
            "note",
            "referral",
            "referral__reference",
            *with_names("by"),
        )
    )
    entries = []
    for transition in transitions:
        reference = transition.referral.reference
        state = State(transition.to_state).label
        title = (
            f"Referral {reference} received"
            if not transition.from_state
            else f"Referral {reference}: {state.lower()}"
        )
        entries.append(
            TimelineEntry(
                at=transition.at,
                title=title,
                description=transition.note,
                actor=str(transition.by) if transition.by else "",
            )
        )
    for onward in onward_referrals_of(person):
        entries.append(
            TimelineEntry(
                at=onward.sent_at,
                title=f"Referred onward to {onward.to}, reference {onward.reference}",
                description=f"Status at {onward.to}: {onward.status.lower()}",
                actor="",
            )
        )
    return entries

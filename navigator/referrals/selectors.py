"""Reads of referrals. Scoping to the user's organisation comes from the scoped manager."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.core.timeline import TimelineEntry
from navigator.people.models import Person
from navigator.referrals.models import CodedEvent, Referral, ReferralReason, Transition
from navigator.referrals.states import NEW_STATES, OPEN_STATES, State


def triage_queue() -> QuerySet[Referral]:
    """New referrals waiting for the service to act, oldest first."""
    return Referral.objects.filter(state__in=NEW_STATES).order_by("received_at", "pk")


def waiting_list() -> QuerySet[Referral]:
    return (
        Referral.objects.filter(state=State.WAITING)
        .select_related("person")
        .order_by("waiting_since", "pk")
    )


def history(referral: Referral) -> QuerySet[Transition]:
    return referral.transitions.select_related("by")


def coded_events(referral: Referral) -> QuerySet[CodedEvent]:
    return referral.coded_events.select_related("by")


def referrals_made_by(user: User) -> QuerySet[Referral]:
    """What a referrer sent, newest first; never anybody else's."""
    return Referral.objects.filter(referred_by=user).order_by("-received_at", "-pk")


def active_reasons() -> QuerySet[ReferralReason]:
    return ReferralReason.objects.filter(active=True)


def link_workers_with_caseload(organisation: Organisation) -> QuerySet[User]:
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
    transitions = Transition.objects.filter(referral__person=person).select_related(
        "referral", "by"
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

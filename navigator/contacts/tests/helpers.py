"""Cases in the states the tests need, made through the services so history is real."""

import datetime

from navigator.audit.context import Actor, acting_as
from navigator.contacts import due, services
from navigator.core.calendar import LONDON
from navigator.core.tests.factories import earlier_today
from navigator.people.tests.factories import PersonFactory
from navigator.referrals import services as referral_services
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralFactory

# Casework is never dated before its referral was received: the cases these helpers make were
# received before any date the tests write out by hand.
RECEIVED_LONG_AGO = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=LONDON)


def open_case(organisation, worker, *, state: str = State.ALLOCATED, person=None, **extra):
    """A case allocated to `worker` (made directly: the referral's own tests cover the way in)."""
    person = person or PersonFactory(organisation=organisation)
    extra.setdefault("received_at", RECEIVED_LONG_AGO)
    case = ReferralFactory(
        organisation=organisation,
        person=person,
        given_name=person.given_name,
        family_name=person.family_name,
        state=state,
        allocated_to=worker,
        **extra,
    )
    # Made without the services, so its caseload due date is filled as they would fill it.
    due.refresh(organisation_id=organisation.pk, referral_ids=[case.pk])
    case.refresh_from_db()
    return case


def contact_data(**overrides) -> dict:
    return {
        "when": earlier_today(hours=1),
        "mode": "telephone",
        "connected": True,
        "what_happened": "Talked about the walking group",
        **overrides,
    }


def log(referral, user, **overrides):
    with acting_as(Actor(user=user)):
        return services.log_contact(referral=referral, data=contact_data(**overrides))


def allocated_through_services(organisation, worker, user=None):
    """A referral taken from receipt to allocation by the referral services."""
    person = PersonFactory(organisation=organisation)
    with acting_as(Actor(user=user or worker)):
        referral = referral_services.receive_referral(
            organisation=organisation,
            data={
                "given_name": person.given_name,
                "family_name": person.family_name,
                "date_of_birth": person.date_of_birth,
                "source_type": "primary_care",
                "referrer_name": "Dr Asha Patel",
            },
            received_at=RECEIVED_LONG_AGO,
        )
        referral = referral_services.triage(referral=referral, person=person)
        referral = referral_services.move(referral=referral, to=State.ACCEPTED)
        return referral_services.allocate(referral=referral, link_worker=worker)

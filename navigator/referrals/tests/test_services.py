import datetime

import pytest

from navigator.audit.context import Actor, acting_as
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory
from navigator.referrals import services
from navigator.referrals.models import CodedEvent, SourceType, Transition
from navigator.referrals.states import State, TransitionNotAllowed
from navigator.referrals.tests.factories import ReferralReasonFactory

PERSON = {
    "given_name": "Edith",
    "family_name": "Walker",
    "date_of_birth": datetime.date(1941, 2, 3),
    "postcode": "LS7 3EF",
    "source_type": SourceType.PRIMARY_CARE,
    "referrer_name": "Dr Asha Patel",
    "consent_given": True,
    "consent_method": "verbal",
}


@pytest.fixture
def as_link_worker(link_worker):
    with acting_as(Actor(user=link_worker, ip_address="10.0.0.5")):
        yield link_worker


@pytest.fixture
def referral(organisation, as_link_worker):
    reason = ReferralReasonFactory(organisation=organisation, name="Loneliness or isolation")
    return services.receive_referral(organisation=organisation, data=PERSON, reasons=[reason])


def test_a_received_referral_starts_in_the_queue_with_its_history(referral, as_link_worker):
    assert referral.state == State.RECEIVED
    assert len(referral.reference) == services.REFERENCE_LENGTH
    assert [r.name for r in referral.reasons.all()] == ["Loneliness or isolation"]
    transition = Transition.objects.get(referral=referral)
    assert (transition.from_state, transition.to_state, transition.by) == (
        "",
        State.RECEIVED,
        as_link_worker,
    )
    event = AuditEvent.objects.get(object_type="referrals.referral")
    assert event.action == AuditEvent.Action.CREATED
    assert event.ip_address == "10.0.0.5"


def test_references_avoid_characters_misheard_on_the_phone(referral):
    assert not set(referral.reference) & set("01OIL")


def test_each_move_keeps_when_and_who_and_stamps_reporting_times(referral, organisation):
    person = PersonFactory(organisation=organisation)

    referral = services.triage(referral=referral, person=person)
    referral = services.move(referral=referral, to=State.ACCEPTED, note="Good fit")
    referral = services.move(referral=referral, to=State.WAITING)

    assert referral.person == person
    assert referral.triaged_at is not None
    assert referral.waiting_since is not None
    assert [t.to_state for t in referral.transitions.all()] == [
        State.RECEIVED,
        State.TRIAGED,
        State.ACCEPTED,
        State.WAITING,
    ]
    assert referral.transitions.get(to_state=State.ACCEPTED).note == "Good fit"


def test_acceptance_is_coded_once_per_case(referral, organisation):
    referral = services.triage(referral=referral, person=PersonFactory(organisation=organisation))
    referral = services.move(referral=referral, to=State.ACCEPTED)
    referral = services.move(referral=referral, to=State.ALLOCATED)
    referral = services.move(referral=referral, to=State.FIRST_CONTACT)

    codes = list(CodedEvent.objects.filter(referral=referral).values_list("code", flat=True))
    assert codes == ["871731000000106"]


def test_a_decline_is_coded(referral):
    services.move(referral=referral, to=State.DECLINED, changes={"decline_reason": "out_of_area"})

    assert list(CodedEvent.objects.values_list("code", flat=True)) == ["871711000000103"]


def test_a_move_from_a_stale_copy_is_refused(referral, organisation):
    stale_copy = type(referral).objects.get(pk=referral.pk)
    services.move(referral=referral, to=State.DECLINED, changes={"decline_reason": "duplicate"})

    with pytest.raises(TransitionNotAllowed):
        services.move(referral=stale_copy, to=State.INFO_REQUESTED)

    stale_copy.refresh_from_db()
    assert stale_copy.state == State.DECLINED
    assert stale_copy.transitions.count() == 2


def test_leaving_the_waiting_list_clears_its_clock(referral, organisation):
    referral = services.triage(referral=referral, person=PersonFactory(organisation=organisation))
    referral = services.move(referral=referral, to=State.ACCEPTED)
    referral = services.move(referral=referral, to=State.WAITING)
    referral = services.move(referral=referral, to=State.ALLOCATED)

    assert referral.waiting_since is None

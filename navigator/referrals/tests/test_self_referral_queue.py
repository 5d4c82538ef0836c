"""A self-referral lands in its service's triage queue, received, with its first transition,
electronic consent and no referrer."""

import pytest
from django.utils import timezone

from navigator.audit.models import AuditEvent
from navigator.referrals.models import Referral, SourceType, Transition
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralReasonFactory
from navigator.referrals.tests.test_self_referral_helpers import (
    START,
    forget_submissions,
    form_data,
    make_catchment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catchment(organisation):
    forget_submissions()
    make_catchment(organisation, "LS6")


def test_the_referral_is_received_in_the_right_queue(client, organisation, other_organisation):
    make_catchment(other_organisation, "HX7")
    before = timezone.now()

    client.post(
        START,
        form_data(
            risks="My neighbour shouts at me",
            preferred_contact_method="text",
            phone="07912 345678",
        ),
        REMOTE_ADDR="203.0.113.9",
    )

    referral = Referral.objects.get()
    assert referral.organisation == organisation
    assert referral.state == State.RECEIVED
    assert referral.source_type == SourceType.SELF
    assert (referral.given_name, referral.family_name) == ("Maya", "Lindqvist")
    assert referral.date_of_birth.isoformat() == "1952-11-03"
    assert referral.postcode == "LS6 2AB"
    assert referral.preferred_contact_method == "text"
    assert referral.preferred_contact_times == "Mornings"
    assert referral.risks == "My neighbour shouts at me"
    assert referral.consent_given is True
    assert referral.consent_method == "electronic"
    assert referral.consent_given_at >= before
    assert referral.referred_by is None
    assert referral.referrer_name == referral.referrer_organisation == ""
    assert referral.referrer_email == referral.referrer_phone == ""
    assert referral.received_at >= before

    transition = Transition.objects.get(referral=referral)
    assert (transition.from_state, transition.to_state) == ("", State.RECEIVED)
    assert transition.by is None
    assert transition.organisation == organisation

    event = AuditEvent.objects.get(object_id=str(referral.pk), object_type="referrals.referral")
    assert event.actor is None
    assert event.ip_address == "203.0.113.9"


def test_ticked_help_becomes_the_services_own_reasons(client, organisation, other_organisation):
    loneliness = ReferralReasonFactory(organisation=organisation, name="Loneliness or isolation")
    ReferralReasonFactory(organisation=other_organisation, name="Housing")

    client.post(START, form_data(reasons=["Loneliness or isolation", "Housing"]))

    referral = Referral.objects.get()
    assert list(referral.reasons.all()) == [loneliness]
    # Help the service has no reason for is kept in the details, not lost.
    assert referral.reason_details.startswith("Since my husband died I hardly see anyone")
    assert "Also ticked on the form: Housing" in referral.reason_details


def test_the_queue_of_another_organisation_stays_empty(client, organisation, other_organisation):
    client.post(START, form_data())

    assert not Referral.objects.filter(organisation=other_organisation).exists()
    assert Referral.objects.filter(organisation=organisation).count() == 1

"""“Wants support” makes a case: a person's record, and a targeted-outreach referral with the
call as its first contact."""

import datetime

import pytest
from django.urls import reverse

from navigator.contacts.models import Contact
from navigator.outreach.models import CallAttempt, CohortMember, MemberStatus, Outcome
from navigator.outreach.tests.factories import CohortFactory, CohortMemberFactory
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.models import CodedEvent, Referral, SourceType, Transition
from navigator.referrals.states import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(organisation):
    return CohortMemberFactory(
        cohort=CohortFactory(organisation=organisation, name="Over 75s"),
        given_name="Ada",
        family_name="Okafor",
        date_of_birth=datetime.date(1941, 4, 12),
        nhs_number="9434765919",
        phone="+441134960000",
        reason="Lives alone",
    )


SAID = "Yes, keep my details, and you can tell my GP"


def wants_support(client, member: CohortMember, **overrides):
    return client.post(
        reverse("outreach:member", args=[member.pk]),
        {
            "outcome": Outcome.WANTS_SUPPORT,
            "version": member.version,
            "note": "Keen on walks",
            "consent_to_hold": "yes",
            "consent_to_share": "yes",
            "consent_said": SAID,
            **overrides,
        },
    )


def test_a_link_workers_call_becomes_an_allocated_referral_with_first_contact(
    signed_in, link_worker, member, organisation
):
    client = signed_in(link_worker)

    response = wants_support(client, member)

    assert response.status_code == 302
    attempt = CallAttempt.objects.get()
    member.refresh_from_db()
    person, referral = member.person, member.referral
    assert member.status == MemberStatus.WANTS_SUPPORT
    assert (person.given_name, person.family_name, person.nhs_number) == (
        "Ada",
        "Okafor",
        "9434765919",
    )
    assert person.organisation == organisation
    assert (person.consent_to_hold, person.consent_to_share, person.consent_method) == (
        True,
        True,
        "verbal",
    )
    assert attempt.consent_said == SAID
    assert person.consent_recorded_by == link_worker
    assert referral.person == person
    assert referral.source_type == SourceType.TARGETED_OUTREACH
    assert referral.state == State.FIRST_CONTACT
    assert referral.allocated_to == link_worker
    assert referral.first_contact_at == attempt.at
    assert referral.received_at == attempt.at
    assert (referral.consent_given, referral.consent_method) == (True, "verbal")
    assert "Lives alone" in referral.reason_details
    moves = list(Transition.objects.filter(referral=referral).values_list("to_state", flat=True))
    assert moves == [
        State.RECEIVED,
        State.TRIAGED,
        State.ACCEPTED,
        State.ALLOCATED,
        State.FIRST_CONTACT,
    ]
    assert (
        CodedEvent.objects.filter(referral=referral, code=CodedEvent.Code.REFERRAL_ACCEPTED).count()
        == 1
    )
    assert (
        f"Referral {referral.reference} made for Ada Okafor"
        in client.get(response["Location"]).text
    )


def test_a_managers_call_leaves_the_referral_accepted_for_allocation(signed_in, manager, member):
    client = signed_in(manager)
    wants_support(client, member)

    referral = Referral.objects.get()
    assert referral.state == State.ACCEPTED
    assert referral.allocated_to is None
    assert referral.first_contact_at is None
    # Where the manager allocates work, it is waiting for them.
    waiting = client.get(reverse("referrals:waiting_list")).text
    assert "Accepted, not yet allocated" in waiting
    assert f'href="{reverse("referrals:detail", args=[referral.pk])}"' in waiting


def test_the_call_is_the_first_contact_on_the_case(signed_in, link_worker, member):
    client = signed_in(link_worker)
    wants_support(client, member)

    referral = Referral.objects.get()
    contact = Contact.objects.get(referral=referral)
    assert (contact.mode, contact.connected, contact.recorded_by) == (
        "telephone",
        True,
        link_worker,
    )
    assert contact.when == referral.first_contact_at
    assert "Keen on walks" in contact.what_happened
    case = client.get(reverse("contacts:case", args=[referral.pk])).text
    assert "Outreach call (Over 75s): wants support" in case


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consent_to_hold": ""}, "consent_to_hold", "Select whether they agree that we hold"),
        ({"consent_to_hold": "no"}, "consent_to_hold", "We can only open a case for them if"),
        ({"consent_to_share": ""}, "consent_to_share", "Select whether they agree that we share"),
        ({"consent_said": "  "}, "consent_said", "Enter what they said when you asked"),
    ],
)
def test_wanting_support_asks_for_consent_and_what_was_said(
    signed_in, link_worker, member, overrides, field, message
):
    response = wants_support(signed_in(link_worker), member, **overrides)

    assert response.status_code == 200
    assert f'href="#id_{field}' in response.text
    assert message in response.text
    assert not Referral.objects.exists()
    assert not Person.objects.exists()


def test_consent_not_to_share_is_recorded_as_said(signed_in, link_worker, member):
    wants_support(signed_in(link_worker), member, consent_to_share="no", consent_said="Only you")

    person = Referral.objects.get().person
    assert (person.consent_to_hold, person.consent_to_share) == (True, False)


def test_an_existing_record_with_the_nhs_number_is_used(signed_in, link_worker, member):
    existing = PersonFactory(
        organisation=member.organisation,
        given_name="Adaeze",
        family_name="Okafor",
        date_of_birth=member.date_of_birth,
        nhs_number=member.nhs_number,
    )

    wants_support(signed_in(link_worker), member)

    assert Person.objects.count() == 1
    assert Referral.objects.get().person == existing


def test_an_existing_record_with_the_same_name_and_birth_date_is_used(
    signed_in, link_worker, member
):
    existing = PersonFactory(
        organisation=member.organisation,
        given_name="ada",
        family_name="OKAFOR",
        date_of_birth=member.date_of_birth,
    )

    wants_support(signed_in(link_worker), member)

    assert Referral.objects.get().person == existing


def test_a_similar_record_is_not_attached_without_a_firm_match(signed_in, link_worker, member):
    PersonFactory(
        organisation=member.organisation,
        given_name="Ada",
        family_name="Okafor",
        date_of_birth=member.date_of_birth,
        nhs_number="9990000018",  # someone else's number: a different person
    )

    wants_support(signed_in(link_worker), member)

    assert Person.objects.count() == 2
    assert Referral.objects.get().person.nhs_number == member.nhs_number


def test_another_organisations_record_is_never_attached(
    signed_in, link_worker, member, other_organisation
):
    PersonFactory(
        organisation=other_organisation,
        given_name="Ada",
        family_name="Okafor",
        date_of_birth=member.date_of_birth,
        nhs_number=member.nhs_number,
    )

    wants_support(signed_in(link_worker), member)

    assert Referral.objects.get().person.organisation == member.organisation


def test_the_members_page_links_to_the_new_record(signed_in, link_worker, member):
    client = signed_in(link_worker)
    wants_support(client, member)
    member.refresh_from_db()

    response = client.get(reverse("outreach:member", args=[member.pk]))

    assert f"Referral <strong>{member.referral.reference}</strong>" in response.text
    assert reverse("people:detail", args=[member.person_id]) in response.text

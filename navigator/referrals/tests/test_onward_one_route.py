"""One onward referral route, whether it starts from the person or from the directory: only
other social prescribing services are destinations, the referral lands in their triage queue,
and the referring service follows its status, on its own pages and the timeline."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.core.timeline import timeline_for
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory
from navigator.referrals import services
from navigator.referrals.models import Referral
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calder(other_organisation):
    UserFactory(organisation=other_organisation, role=Role.MANAGER)
    return other_organisation


@pytest.fixture
def person(organisation):
    return PersonFactory(organisation=organisation, consent_to_share=True, given_name="Ada")


def test_destinations_are_other_social_prescribing_services_only(
    signed_in, link_worker, person, calder
):
    commissioner = OrganisationFactory(name="Yorkshire Commissioning Board")
    commissioner.funds.add(calder)
    UserFactory(organisation=commissioner, role=Role.COMMISSIONER)
    page = signed_in(link_worker).get(reverse("referrals:onward", args=[person.pk])).text
    assert calder.name in page
    assert "Yorkshire Commissioning Board" not in page
    assert f'value="{link_worker.organisation.pk}"' not in page
    refused = signed_in(link_worker).post(
        reverse("referrals:onward", args=[person.pk]),
        {"organisation": commissioner.pk, "reason_details": "Funding"},
    )
    assert "from the choices given" in refused.text
    assert not Referral.objects.exists()


def test_the_directory_listing_of_a_navigator_service_takes_the_same_route(
    signed_in, link_worker, person, calder
):
    listing = ServiceFactory(
        name="Calder Valley Social Prescribing",
        is_social_prescribing_service=True,
        navigator_organisation=calder,
    )
    response = signed_in(link_worker).get(
        reverse("activities:create", args=[person.pk, listing.pk])
    )
    onward = reverse("referrals:onward", args=[person.pk])
    assert response.url == f"{onward}?organisation={calder.pk}"
    form = signed_in(link_worker).get(response.url).text
    assert f'<option value="{calder.pk}" selected' in form


def test_the_referring_service_follows_the_status_and_is_asked_about_its_own_case(
    signed_in, link_worker, person, calder
):
    own_case = ReferralFactory(
        organisation=person.organisation, person=person, state=State.ALLOCATED
    )
    client = signed_in(link_worker)
    sent_page = client.post(
        reverse("referrals:onward", args=[person.pk]),
        {"organisation": calder.pk, "reason_details": "Moving to Hebden Bridge"},
        follow=True,
    ).text
    sent = Referral.objects.get(organisation=calder)
    assert sent.reference in sent_page and "Received" in sent_page
    assert reverse("contacts:close", args=[own_case.pk]) in sent_page
    assert "Keep our case open" in sent_page

    services.move(referral=sent, to=State.DECLINED, note="Outside our area")
    again = client.get(reverse("referrals:onward_sent", args=[person.pk])).text
    assert "Declined" in again
    listed = client.get(reverse("activities:person", args=[person.pk])).text
    assert reverse("referrals:onward_sent", args=[person.pk]) in listed
    titles = [entry.title for entry in timeline_for(person)]
    assert f"Referred onward to {calder.name}, reference {sent.reference}" in titles

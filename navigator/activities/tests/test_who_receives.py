"""Before sending an activity referral the link worker is told who will receive it; a listing
no one can receive offers what a link worker does instead, and is never reported as sent."""

import pytest
from django.core import mail
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.activities.models import ActivityReferral
from navigator.activities.states import Status
from navigator.directory.tests.factories import DirectoryOrganisationFactory, ServiceFactory
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _create(person, service):
    return reverse("activities:create", args=[person.pk, service.pk])


def test_the_form_names_the_provider_users_who_will_see_it(signed_in, link_worker):
    group = DirectoryOrganisationFactory(name="Meanwood Walkers")
    provider = UserFactory(role=Role.VCS_PROVIDER, first_name="Wren", last_name="Quillfeather")
    group.provider_users.add(provider)
    service = ServiceFactory(organisation=group, name="Walking group")
    person = PersonFactory(organisation=link_worker.organisation, consent_to_share=True)
    page = signed_in(link_worker).get(_create(person, service)).content.decode()
    assert "Wren Quillfeather will see it in their Navigator inbox" in page
    assert "Send the referral" in page


def test_the_form_names_the_address_a_secure_link_goes_to(signed_in, link_worker):
    service = ServiceFactory(name="Choir", email="choir@example.org")
    person = PersonFactory(organisation=link_worker.organisation)
    page = signed_in(link_worker).get(_create(person, service)).content.decode()
    assert "It is e-mailed to choir@example.org as a secure link" in page


def test_nobody_can_receive_it_so_it_cannot_be_sent_and_other_ways_are_offered(
    signed_in, link_worker
):
    service = ServiceFactory(name="Quiet garden", how_to_refer="Ring Pat on 0113 496 0001")
    person = PersonFactory(organisation=link_worker.organisation, given_name="Ada")
    client = signed_in(link_worker)
    page = client.get(_create(person, service)).content.decode()
    assert "No one can receive a referral to Quiet garden" in page
    assert "Send the referral" not in page
    assert "Record that they were signposted" in page
    assert "Record that you referred them by telephone" in page
    take_away = reverse("activities:take_away", args=[person.pk, service.pk])
    assert f'href="{take_away}"' in page
    assert "Ring Pat on 0113 496 0001" in page

    # Sending anyway (a form kept from before) is refused, keeping what was typed.
    refused = client.post(_create(person, service), {"reason": "Peace", "action": "send"})
    assert refused.status_code == 200
    assert "No one can receive a referral to Quiet garden" in refused.content.decode()
    assert "Peace" in refused.content.decode()
    assert not ActivityReferral.objects.exists()
    assert not mail.outbox


def test_recording_it_as_signposted(signed_in, link_worker):
    service = ServiceFactory(name="Quiet garden")
    person = PersonFactory(organisation=link_worker.organisation, given_name="Ada")
    response = signed_in(link_worker).post(
        _create(person, service), {"reason": "Peace", "action": "signpost"}, follow=True
    )
    activity_referral = ActivityReferral.objects.get()
    assert activity_referral.status == Status.SIGNPOSTED
    assert "was signposted" in response.content.decode()


def test_recording_a_telephone_referral(signed_in, link_worker):
    service = ServiceFactory(name="Quiet garden")
    person = PersonFactory(organisation=link_worker.organisation, consent_to_share=True)
    response = signed_in(link_worker).post(
        _create(person, service), {"reason": "Peace", "action": "phoned"}, follow=True
    )
    activity_referral = ActivityReferral.objects.get()
    assert activity_referral.status == Status.REQUESTED
    assert activity_referral.status_changes.last().reason == "Referred by telephone to the provider"
    page = response.content.decode()
    assert "Recorded that you referred them to Quiet garden by telephone" in page
    assert "Referral sent" not in page


def test_a_sent_referral_says_who_received_it(signed_in, link_worker):
    service = ServiceFactory(name="Choir", email="choir@example.org")
    person = PersonFactory(organisation=link_worker.organisation, consent_to_share=True)
    response = signed_in(link_worker).post(
        _create(person, service), {"reason": "Singing", "action": "send"}, follow=True
    )
    assert "It is e-mailed to choir@example.org as a secure link" in response.content.decode()
    assert ActivityReferral.objects.get().status == Status.REQUESTED


def test_the_details_to_take_away(signed_in, link_worker):
    service = ServiceFactory(
        name="Quiet garden", how_to_refer="Ring Pat on 0113 496 0001", is_free=True
    )
    person = PersonFactory(organisation=link_worker.organisation, given_name="Ada")
    page = signed_in(link_worker).get(reverse("activities:take_away", args=[person.pk, service.pk]))
    text = page.content.decode()
    assert "Quiet garden" in text and "Ring Pat on 0113 496 0001" in text and "Free" in text


def test_a_provider_finds_their_inbox_from_the_home_page(signed_in, user_with_role):
    page = signed_in(user_with_role(Role.VCS_PROVIDER)).get("/").content.decode()
    assert reverse("activities:inbox") in page


def test_the_provider_users_page_says_it_routes_referrals(signed_in, manager):
    group = DirectoryOrganisationFactory(name="Meanwood Walkers")
    ServiceFactory(organisation=group, owner=manager.organisation)  # the manager keeps it
    page = signed_in(manager).get(reverse("directory:providers", args=[group.pk]))
    assert "receive their referrals" in page.content.decode()

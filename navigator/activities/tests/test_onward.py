"""Onward referral to another social prescribing service: into its triage queue when it uses
this Navigator, otherwise recorded with the listing's instructions; only with consent."""

import pytest
from django.core import mail
from django.urls import reverse

from navigator.activities.models import ActivityReferral
from navigator.activities.states import Status
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.models import Referral, SourceType, State

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def person(organisation):
    return PersonFactory(
        organisation=organisation,
        consent_to_share=True,
        phone="+441134960000",
        nhs_number="9434765919",
    )


def refer_onward(client, person, service, reason="Moving to Calder Valley"):
    return client.post(
        reverse("activities:onward_create", args=[person.pk, service.pk]), {"reason": reason}
    )


def test_same_deployment_lands_in_their_triage_queue(
    signed_in, link_worker, person, other_organisation
):
    service = ServiceFactory(
        name="Calder Valley Social Prescribing",
        is_social_prescribing_service=True,
        navigator_organisation=other_organisation,
        email="team@example.org",
    )
    client = signed_in(link_worker)
    listed = client.get(reverse("activities:onward_choose", args=[person.pk])).content.decode()
    assert reverse("activities:onward_create", args=[person.pk, service.pk]) in listed
    response = refer_onward(client, person, service)

    sent = ActivityReferral.objects.get(person=person)
    assert response.url == reverse("activities:detail", args=[sent.pk])
    received = Referral.objects.get(organisation=other_organisation)
    assert sent.onward_referral == received and sent.status == Status.REQUESTED
    assert received.state == State.RECEIVED
    assert received.source_type == SourceType.SOCIAL_PRESCRIBING
    assert (received.given_name, received.family_name) == (person.given_name, person.family_name)
    assert (received.nhs_number, received.phone) == ("9434765919", "+441134960000")
    assert received.reason_details == "Moving to Calder Valley"
    assert received.referring_organisation == link_worker.organisation
    assert received.referrer_email == link_worker.email
    assert mail.outbox == []  # it arrives in their queue, not by e-mail
    detail = client.get(response.url).content.decode()
    assert received.reference in detail


def test_other_services_are_recorded_with_how_to_refer(signed_in, link_worker, person):
    service = ServiceFactory(
        name="Bradford Social Prescribing",
        is_social_prescribing_service=True,
        how_to_refer="Use the form on bradfordsp.example.org",
    )
    client = signed_in(link_worker)
    page = client.get(reverse("activities:onward_create", args=[person.pk, service.pk]))
    assert "Use the form on bradfordsp.example.org" in page.content.decode()
    response = refer_onward(client, person, service)
    sent = ActivityReferral.objects.get(person=person)
    assert sent.status == Status.REQUESTED and sent.onward_referral is None
    assert not Referral.objects.exists()
    assert "Use the form on bradfordsp.example.org" in client.get(response.url).content.decode()


def test_nothing_is_shared_without_consent(
    signed_in, link_worker, organisation, other_organisation
):
    person = PersonFactory(organisation=organisation, consent_to_share=False)
    service = ServiceFactory(
        is_social_prescribing_service=True, navigator_organisation=other_organisation
    )
    client = signed_in(link_worker)
    page = client.get(reverse("activities:onward_create", args=[person.pk, service.pk]))
    assert "They have not agreed to share their information" in page.content.decode()
    assert refer_onward(client, person, service).status_code == 200
    assert not ActivityReferral.objects.exists() and not Referral.objects.exists()


def test_only_social_prescribing_services_take_onward_referrals(signed_in, link_worker, person):
    service = ServiceFactory(is_social_prescribing_service=False)
    assert refer_onward(signed_in(link_worker), person, service).status_code == 404

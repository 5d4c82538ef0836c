"""Sending an activity referral shares the person's details with the provider, so it needs
their consent to share; the form says so before it is filled in, with a link to record it."""

import pytest
from django.urls import reverse

from navigator.activities.models import ActivityReferral
from navigator.activities.states import Status
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SEND = {"reason": "Getting outdoors", "action": "send"}


def test_without_consent_to_share_the_form_says_so_and_nothing_is_sent(
    signed_in, link_worker
) -> None:
    person = PersonFactory(organisation=link_worker.organisation, consent_to_hold=True)
    service = ServiceFactory(name="Allotment club", email="allotments@example.org")
    client = signed_in(link_worker)
    url = reverse("activities:create", args=[person.pk, service.pk])

    form = client.get(url).content.decode()
    assert "has not agreed that we share their information" in form
    assert f'href="{reverse("people:edit", args=[person.pk])}#consent"' in form
    assert 'value="send"' not in form  # only a draft can be saved

    response = client.post(url, SEND)  # a send posted all the same is refused
    assert response.status_code == 200
    assert "has not agreed that we share their information" in response.content.decode()
    assert not ActivityReferral.objects.exclude(status=Status.DRAFT).exists()


def test_a_draft_cannot_be_sent_without_consent(signed_in, link_worker) -> None:
    person = PersonFactory(organisation=link_worker.organisation)
    service = ServiceFactory(email="walks@example.org")
    client = signed_in(link_worker)
    client.post(
        reverse("activities:create", args=[person.pk, service.pk]),
        {"reason": "Getting outdoors", "action": "draft"},
    )
    draft = ActivityReferral.objects.get()
    response = client.post(reverse("activities:move", args=[draft.pk, "requested"]), {})
    assert response.status_code == 200
    assert "has not agreed that we share their information" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_with_consent_to_share_it_is_sent(signed_in, link_worker) -> None:
    person = PersonFactory(organisation=link_worker.organisation, consent_to_share=True)
    service = ServiceFactory(email="walks@example.org")
    client = signed_in(link_worker)
    url = reverse("activities:create", args=[person.pk, service.pk])
    assert "has not agreed" not in client.get(url).content.decode()
    client.post(url, SEND)
    assert ActivityReferral.objects.get().status == Status.REQUESTED


def test_signposting_shares_nothing_and_needs_no_consent(signed_in, link_worker) -> None:
    person = PersonFactory(organisation=link_worker.organisation)
    service = ServiceFactory(takes_direct_referrals=False, email="info@example.org")
    client = signed_in(link_worker)
    url = reverse("activities:create", args=[person.pk, service.pk])
    assert "has not agreed" not in client.get(url).content.decode()
    client.post(url, SEND)
    assert ActivityReferral.objects.get().status == Status.SIGNPOSTED

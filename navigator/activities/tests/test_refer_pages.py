"""A link worker finds a service and refers the person from their record."""

import pytest
from django.urls import reverse

from navigator.activities.models import ActivityReferral
from navigator.activities.states import Status
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_search_then_refer(signed_in, link_worker):
    client = signed_in(link_worker)
    person = PersonFactory(organisation=link_worker.organisation, consent_to_share=True)
    service = ServiceFactory(
        name="Allotment club", keywords="gardening", email="allotments@example.org"
    )
    page = client.get(reverse("activities:choose_service", args=[person.pk]), {"q": "gardening"})
    create = reverse("activities:create", args=[person.pk, service.pk])
    assert create in page.content.decode()
    response = client.post(
        create,
        {
            "reason": "Getting outdoors",
            "planned_date_day": "3",
            "planned_date_month": "3",
            "planned_date_year": "2030",
            "planned_time": "10:30",
            "action": "send",
        },
    )
    activity_referral = ActivityReferral.objects.get()
    assert response.url == reverse("activities:detail", args=[activity_referral.pk])
    assert activity_referral.status == Status.REQUESTED
    assert activity_referral.planned_first_session.year == 2030
    history = client.get(reverse("activities:person", args=[person.pk])).content.decode()
    assert "Allotment club" in history and "Sent" in history


def test_link_worker_records_failure_with_reason(signed_in, link_worker):
    from navigator.activities.tests.factories import ActivityReferralFactory

    activity_referral = ActivityReferralFactory(person__organisation=link_worker.organisation)
    client = signed_in(link_worker)
    url = reverse("activities:move", args=[activity_referral.pk, "failed"])
    assert "Enter the reason" in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "Too far"})
    activity_referral.refresh_from_db()
    assert (activity_referral.status, activity_referral.status_reason) == (Status.FAILED, "Too far")


def test_a_move_not_in_the_table_is_not_found(signed_in, link_worker):
    from navigator.activities.tests.factories import ActivityReferralFactory

    activity_referral = ActivityReferralFactory(person__organisation=link_worker.organisation)
    url = reverse("activities:move", args=[activity_referral.pk, "accepted"])
    assert signed_in(link_worker).get(url).status_code == 404


def test_a_status_change_is_confirmed_in_words(signed_in, link_worker):
    from navigator.activities.tests.factories import ActivityReferralFactory

    activity_referral = ActivityReferralFactory(person__organisation=link_worker.organisation)
    client = signed_in(link_worker)
    url = reverse("activities:move", args=[activity_referral.pk, "failed"])
    page = client.post(url, {"reason": "Too far"}, follow=True).content.decode()
    assert "Status changed to ‘Stopped or did not go’" in page
    assert ": saved" not in page

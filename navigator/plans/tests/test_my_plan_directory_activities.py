import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.activities.models import ActivityReferral
from navigator.activities.states import Status
from navigator.core.tests.pdf import pdf_text
from navigator.directory.models import Location, Schedule, ServiceAtLocation
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def walking_group_activity_referral(organisation, link_worker):
    plan = make_plan(PersonFactory(organisation=organisation), user=link_worker)
    service = ServiceFactory(name="Meanwood Walking Group", email="walks@example.org")
    Schedule.objects.create(service=service, weekday=1, opens_at=datetime.time(10))
    location = Location.objects.create(name="Meanwood Park gates", postcode="LS6 4LZ")
    ServiceAtLocation.objects.create(service=service, location=location)
    activity_referral = ActivityReferral.objects.create(
        organisation=organisation,
        person=plan.person,
        service=service,
        made_by=link_worker,
        status=Status.ACCEPTED,
    )
    return plan.person, activity_referral


def test_my_plan_lists_directory_activities_with_when_where_and_whom(
    signed_in, link_worker, walking_group_activity_referral
):
    person, _ = walking_group_activity_referral

    page = signed_in(link_worker).get(reverse("plans:my_plan", args=[person.pk])).text

    assert "Meanwood Walking Group" in page
    assert "Meanwood Park gates" in page
    assert "walks@example.org" in page


def test_cancelled_activities_are_not_in_the_plan(
    signed_in, link_worker, walking_group_activity_referral
):
    person, activity_referral = walking_group_activity_referral
    ActivityReferral.objects.filter(pk=activity_referral.pk).update(status=Status.CANCELLED)

    page = signed_in(link_worker).get(reverse("plans:my_plan", args=[person.pk])).text

    assert "Meanwood Walking Group" not in page


def test_the_pdf_carries_the_directory_activity(
    signed_in, link_worker, walking_group_activity_referral
):
    person, activity_referral = walking_group_activity_referral
    ActivityReferral.objects.filter(pk=activity_referral.pk).update(
        planned_first_session=timezone.now() + datetime.timedelta(days=3)
    )

    pdf = signed_in(link_worker).get(reverse("plans:my_plan_pdf", args=[person.pk])).content
    text = pdf_text(pdf)

    assert "Meanwood Walking Group" in text
    assert "First session" in text

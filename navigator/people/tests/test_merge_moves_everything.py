"""A merge moves everything recorded about the absorbed record to the kept one, or refuses,
saying why, when the two records' open cases would collide."""

import datetime

import pytest
from django.urls import reverse

from navigator.activities.models import ActivityReferral
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.audit.context import Actor, acting_as
from navigator.audit.models import AuditEvent
from navigator.contacts import services as contact_services
from navigator.contacts.models import Contact, FollowUp
from navigator.contacts.tests.helpers import log, open_case
from navigator.outcomes.models import Administration
from navigator.outcomes.tests.helpers import ONS4_BASELINE, completed
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.plans.models import Assessment, ManagerTask
from navigator.plans.tests.factories import AssessmentFactory, ManagerTaskFactory, make_plan
from navigator.referrals.models import Referral
from navigator.referrals.states import State

BORN = datetime.date(1948, 3, 2)


@pytest.fixture
def kept(organisation):
    return PersonFactory(organisation=organisation, given_name="Wilhelmina", date_of_birth=BORN)


@pytest.fixture
def absorbed(organisation, kept):
    return PersonFactory(
        organisation=organisation,
        given_name="Wilma",
        family_name=kept.family_name,
        date_of_birth=BORN,
    )


def confirm_url(kept: Person, absorbed: Person) -> str:
    return reverse("people:merge_confirm", args=[kept.pk, absorbed.pk])


def test_everything_on_the_absorbed_record_moves_to_the_kept_one(
    signed_in, manager, link_worker, organisation, kept, absorbed
):
    old_case = open_case(organisation, link_worker, person=absorbed, state=State.ACTIVE)
    log(old_case, link_worker)
    assessment = AssessmentFactory(person=absorbed, recorded_by=link_worker)
    task = ManagerTaskFactory(assessment=assessment)
    make_plan(absorbed, user=link_worker)
    ons4 = completed(absorbed, link_worker, ONS4_BASELINE)
    activity_referral = ActivityReferralFactory(person=absorbed, made_by=link_worker)
    with acting_as(Actor(user=link_worker)):
        contact_services.close_case(referral=old_case, reason="goals_met", summary="Walking")
    client = signed_in(manager)

    comparison = client.get(confirm_url(kept, absorbed))
    response = client.post(confirm_url(kept, absorbed), {"confirm": "on"})

    assert "What each record holds" in comparison.text
    assert response.status_code == 302
    assert Referral.objects.get(pk=old_case.pk).person_id == kept.pk
    assert list(Contact.objects.filter(person=absorbed)) == []
    assert Contact.objects.filter(person=kept).count() == 1
    assert Assessment.objects.get(pk=assessment.pk).person_id == kept.pk
    assert ManagerTask.objects.get(pk=task.pk).person_id == kept.pk
    assert kept.support_plan.pk
    assert Administration.objects.get(pk=ons4.pk).person_id == kept.pk
    assert ActivityReferral.objects.get(pk=activity_referral.pk).person_id == kept.pk
    assert FollowUp.objects.get(referral=old_case).person_id == kept.pk
    event = AuditEvent.objects.get(action=AuditEvent.Action.MERGED, person_id=kept.pk)
    assert event.changes["moved"][1]["referrals"] == 1
    # What the person sees on the kept record: the ONS4 among their outcomes, on the timeline.
    outcomes = client.get(reverse("outcomes:person", args=[kept.pk]))
    timeline = client.get(reverse("people:timeline", args=[kept.pk]))
    assert reverse("outcomes:administration", args=[ons4.pk]) in outcomes.text
    # In the order of their names (PostgreSQL's jsonb keeps no order of its own).
    assert "moved across: activity referrals (1), assessments (1)," in timeline.text
    assert " referrals (1)" in timeline.text


def test_two_open_cases_are_refused_saying_why(
    signed_in, manager, link_worker, organisation, kept, absorbed
):
    ours = open_case(organisation, link_worker, person=kept, reference="NAV-K0001")
    theirs = open_case(organisation, link_worker, person=absorbed, reference="NAV-A0002")
    client = signed_in(manager)

    page = client.get(confirm_url(kept, absorbed))
    posted = client.post(confirm_url(kept, absorbed), {"confirm": "on"})

    reason = "Both records have an open case (NAV-K0001 and NAV-A0002)"
    assert reason in page.text
    assert "Merge records</button>" not in page.text.replace("\n", "")
    assert posted.status_code == 200
    assert reason in posted.text
    absorbed.refresh_from_db()
    assert absorbed.merged_into is None
    assert Referral.objects.get(pk=theirs.pk).person_id == absorbed.pk
    assert Referral.objects.get(pk=ours.pk).person_id == kept.pk


def test_two_support_plans_are_refused_saying_why(signed_in, manager, link_worker, kept, absorbed):
    make_plan(kept, user=link_worker)
    make_plan(absorbed, user=link_worker)

    posted = signed_in(manager).post(confirm_url(kept, absorbed), {"confirm": "on"})

    assert "Both records have a support plan and a person can have only one" in posted.text
    absorbed.refresh_from_db()
    assert absorbed.merged_into is None

"""The person page is an overview a link worker works from: stage and link worker, level of
need, next contact and what is overdue, open tasks, the plan's goals with latest ratings,
activity referrals with their statuses, the last few contacts, consent and the next actions
as buttons, in a bounded number of queries whatever the history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.activities.states import Status
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts import services as contact_services
from navigator.contacts.models import Task
from navigator.contacts.tests.helpers import allocated_through_services, log
from navigator.directory.tests.factories import ServiceFactory
from navigator.outcomes.tests.helpers import completed
from navigator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


def worked_case(organisation, worker, *, contacts: int = 1, activities: int = 1):
    case = allocated_through_services(organisation, worker)
    person = case.person
    person.consent_to_share = True
    person.save()
    make_plan(
        person,
        user=worker,
        level_of_need="high",
        goals=[{"words": "Walk to the shops", "baseline_rating": 3}],
    )
    completed(person, worker, {"goal_1": 6}, code="goals", time_point="review")
    long_ago = timezone.now() - datetime.timedelta(days=60)
    for number in range(contacts):
        log(case, worker, when=long_ago + datetime.timedelta(hours=number))
    for number in range(activities):
        ActivityReferralFactory(
            person=person,
            case=case,
            made_by=worker,
            service=ServiceFactory(name=f"Meanwood walking group {number}"),
            status=Status.ACCEPTED,
        )
    with acting_as(Actor(user=worker)):
        contact_services.open_task(
            referral=case, kind=Task.Kind.CONTACT_DUE, due_on=timezone.localdate()
        )
    return case


def test_the_overview(organisation, link_worker, signed_in) -> None:
    case = worked_case(organisation, link_worker)
    page = signed_in(link_worker).get(reverse("people:detail", args=[case.person.pk]))
    text = " ".join(page.content.decode().split())

    assert f"First contact made, case {case.reference}" in text
    assert str(link_worker) in text
    assert "High: Contact at least every week" in text
    assert "Overdue" in text  # the last contact was 60 days ago
    assert "Contact due, due" in text  # the open task
    assert "Walk to the shops: 3 out of 10 at the start, 6 at the latest" in text
    assert "Meanwood walking group 0</a>: accepted" in text
    assert "Talked about the walking group" in text  # the last contact
    assert "shares it with services that support them: yes" in text
    buttons = {
        "Log a contact": reverse("contacts:log_contact", args=[case.pk]),
        "Record an assessment": reverse("plans:assessment_create", args=[case.person.pk]),
        "Review the support plan": reverse("plans:plan_edit", args=[case.person.pk]),
        "Close the case": reverse("contacts:close", args=[case.pk]),
    }
    for action, href in buttons.items():
        assert f'role="button" draggable="false" href="{href}">{action}</a>' in text


def test_a_volunteer_sees_no_casework_overview(organisation, link_worker, signed_in) -> None:
    from navigator.accounts.tests.factories import UserFactory

    case = worked_case(organisation, link_worker)
    volunteer = UserFactory(organisation=organisation, role=Role.VOLUNTEER)
    response = signed_in(volunteer).get(reverse("people:detail", args=[case.person.pk]))
    assert response.status_code in (200, 403)  # what volunteers may see is decided elsewhere
    assert "Walk to the shops" not in response.content.decode()
    assert "Log a contact" not in response.content.decode()


def test_a_bounded_number_of_queries(
    organisation, link_worker, signed_in, django_assert_max_num_queries
) -> None:
    small = worked_case(organisation, link_worker, contacts=1, activities=1)
    large = worked_case(organisation, link_worker, contacts=8, activities=8)
    client = signed_in(link_worker)
    client.get(reverse("people:detail", args=[small.person.pk]))  # the session is settled
    for case in (small, large):
        # 22, and whether the record is restricted (and to whom, when it is).
        with django_assert_max_num_queries(24):
            assert client.get(reverse("people:detail", args=[case.person.pk])).status_code == 200

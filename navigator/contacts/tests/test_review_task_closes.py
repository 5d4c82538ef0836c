"""The "plan review due" task is done once the plan is saved with a new review date."""

import datetime

from django.utils import timezone

from navigator.audit.context import Actor, acting_as
from navigator.contacts import selectors, services
from navigator.contacts.models import Task
from navigator.contacts.tests.helpers import open_case
from navigator.plans import services as plan_services
from navigator.plans.tests.factories import GOALS, make_plan


def _review_task(organisation, link_worker):
    """An active case, received today, whose plan review is due tomorrow, with its task given
    by the daily job."""
    case = open_case(organisation, link_worker, state="active", received_at=timezone.now())
    plan = make_plan(
        case.person,
        user=link_worker,
        review_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    settings = selectors.caseload_settings(organisation)
    services.make_due_tasks(user=link_worker, settings=settings, today=timezone.localdate())
    return plan, Task.objects.get(referral=case, kind=Task.Kind.REVIEW_DUE)


def _revise(plan, link_worker, review_date):
    with acting_as(Actor(user=link_worker)):
        return plan_services.save_plan(
            person=plan.person,
            expected_version=plan.version,
            data={"review_date": review_date},
            goals=GOALS,
            saved_by=link_worker,
        )


def test_a_new_review_date_in_the_future_finishes_the_task(organisation, link_worker) -> None:
    plan, task = _review_task(organisation, link_worker)

    _revise(plan, link_worker, timezone.localdate() + datetime.timedelta(weeks=12))

    task.refresh_from_db()
    assert task.done_at is not None
    assert task.done_by == link_worker
    assert not Task.objects.filter(kind=Task.Kind.REVIEW_DUE, done_at__isnull=True).exists()


def test_other_tasks_of_the_case_stay_open(organisation, link_worker) -> None:
    plan, task = _review_task(organisation, link_worker)
    contact_task = services.open_task(
        referral=task.referral, kind=Task.Kind.CONTACT_DUE, due_on=timezone.localdate()
    )

    _revise(plan, link_worker, timezone.localdate() + datetime.timedelta(weeks=12))

    contact_task.refresh_from_db()
    assert contact_task.done_at is None


def test_a_review_date_left_in_the_past_keeps_the_task(organisation, link_worker) -> None:
    plan, task = _review_task(organisation, link_worker)

    _revise(plan, link_worker, timezone.localdate() - datetime.timedelta(days=1))

    task.refresh_from_db()
    assert task.done_at is None

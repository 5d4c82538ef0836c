"""The daily checks give the case's link worker a task in their caseload, once; the task is
done once no activity referral of the case still waits for what it asks."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.activities import services
from navigator.activities.models import ActivityReferral
from navigator.activities.states import Side, Status
from navigator.activities.tasks import daily_activity_referral_checks
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts.models import Task
from navigator.contacts.tests.helpers import open_case

pytestmark = pytest.mark.django_db
UNANSWERED, ATTENDANCE = Task.Kind.ACTIVITY_UNANSWERED, Task.Kind.ACTIVITY_ATTENDANCE


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _unanswered(case):
    return ActivityReferralFactory(
        person=case.person,
        case=case,
        requested_at=timezone.now() - datetime.timedelta(days=14),
    )


def _first_session_passed(case, status=Status.ACCEPTED):
    return ActivityReferralFactory(
        person=case.person,
        case=case,
        status=status,
        planned_first_session=timezone.now() - datetime.timedelta(days=8),
    )


def _open(case, kind):
    return Task.objects.filter(referral=case, kind=kind, done_at__isnull=True)


def test_an_unanswered_referral_gives_the_cases_worker_one_task(organisation, link_worker) -> None:
    case = open_case(organisation, link_worker, state="active")
    first = _unanswered(case)
    _unanswered(case)
    assert daily_activity_referral_checks.call()["chased"] == 2
    daily_activity_referral_checks.call()
    task = Task.objects.get()
    assert (task.kind, task.referral, task.person) == (UNANSWERED, case, case.person)
    assert task.assigned_to == link_worker != first.made_by
    assert task.due_on == timezone.localdate()


def test_a_week_after_the_first_session_the_worker_gets_one_task(organisation, link_worker) -> None:
    case = open_case(organisation, link_worker, state="active")
    _first_session_passed(case)
    daily_activity_referral_checks.call()
    daily_activity_referral_checks.call()
    task = Task.objects.get()
    assert (task.kind, task.assigned_to) == (ATTENDANCE, link_worker)


def test_no_task_without_an_open_case(organisation, link_worker) -> None:
    closed = open_case(organisation, link_worker, state="closed")
    _unanswered(closed)
    _first_session_passed(closed)
    no_case = ActivityReferralFactory(
        person__organisation=organisation,
        requested_at=timezone.now() - datetime.timedelta(days=14),
    )
    assert daily_activity_referral_checks.call() == {"chased": 2, "prompted": 1, "asked": 0}
    assert no_case.case is None
    assert not Task.objects.exists()


def test_the_chase_task_is_done_when_every_referral_is_answered(organisation, link_worker) -> None:
    case = open_case(organisation, link_worker, state="active")
    first, second = _unanswered(case), _unanswered(case)
    daily_activity_referral_checks.call()
    services.move(activity_referral=first, to=Status.ACCEPTED, side=Side.PROVIDER, by=None)
    assert _open(case, UNANSWERED).exists()  # the second still waits
    services.move(
        activity_referral=second, to=Status.REJECTED, side=Side.PROVIDER, by=None, reason="Full"
    )
    task = Task.objects.get(kind=UNANSWERED)
    assert task.done_at is not None


def test_the_attendance_task_is_done_when_attendance_is_recorded(organisation, link_worker) -> None:
    case = open_case(organisation, link_worker, state="active")
    went, other = _first_session_passed(case), _first_session_passed(case, Status.ON_HOLD)
    daily_activity_referral_checks.call()
    with acting_as(Actor(user=link_worker)):
        services.move(
            activity_referral=went, to=Status.IN_PROGRESS, side=Side.REQUESTER, by=link_worker
        )
        assert _open(case, ATTENDANCE).exists()  # the other still waits for word
        services.move(
            activity_referral=other, to=Status.CANCELLED, side=Side.REQUESTER, by=link_worker
        )
    task = Task.objects.get(kind=ATTENDANCE)
    assert (task.done_at is not None, task.done_by) == (True, link_worker)


def test_an_answer_leaves_the_attendance_task_alone(organisation, link_worker) -> None:
    case = open_case(organisation, link_worker, state="active")
    waiting = _first_session_passed(case, Status.REQUESTED)
    daily_activity_referral_checks.call()
    assert {task.kind for task in _open(case, UNANSWERED) | _open(case, ATTENDANCE)} == {ATTENDANCE}
    services.move(activity_referral=waiting, to=Status.ACCEPTED, side=Side.PROVIDER, by=None)
    assert _open(case, ATTENDANCE).exists()  # accepted, but nobody has said they went


def test_the_tasks_show_on_the_caseload_and_the_case(organisation, link_worker, signed_in) -> None:
    case = open_case(organisation, link_worker, state="active")
    _unanswered(case)
    _first_session_passed(case)
    daily_activity_referral_checks.call()
    client = signed_in(link_worker)
    people = reverse("activities:person", args=[case.person_id])
    for address in (reverse("contacts:caseload"), reverse("contacts:case", args=[case.pk])):
        page = client.get(address).content.decode()
        assert "A provider has not answered an activity referral" in page
        assert "Ask whether they went to their first activity session" in page
        assert page.count(f'href="{people}"') == 2


def test_moving_the_first_session_closes_the_task_until_a_week_after_the_new_date(
    organisation, link_worker, signed_in
) -> None:
    case = open_case(organisation, link_worker, state="active")
    moved = _first_session_passed(case)
    daily_activity_referral_checks.call()
    assert _open(case, ATTENDANCE).exists()

    new_date = timezone.localdate() + datetime.timedelta(days=3)
    response = signed_in(link_worker).post(
        reverse("activities:first_session", args=[moved.pk]),
        {
            "planned_date_day": str(new_date.day),
            "planned_date_month": str(new_date.month),
            "planned_date_year": str(new_date.year),
            "planned_time": "10:30",
        },
    )

    assert response.status_code == 302
    moved.refresh_from_db()
    assert timezone.localtime(moved.planned_first_session).date() == new_date
    task = Task.objects.get(kind=ATTENDANCE)
    assert (task.done_at is not None, task.done_by) == (True, link_worker)
    assert daily_activity_referral_checks.call()["prompted"] == 0  # not due yet
    # A week after the new date the question comes back.
    ActivityReferral.objects.filter(pk=moved.pk).update(
        planned_first_session=timezone.now() - datetime.timedelta(days=8)
    )
    assert daily_activity_referral_checks.call()["prompted"] == 1
    assert _open(case, ATTENDANCE).exists()


def test_a_date_still_more_than_a_week_past_keeps_the_task(organisation, link_worker) -> None:
    case = open_case(organisation, link_worker, state="active")
    corrected = _first_session_passed(case)
    daily_activity_referral_checks.call()
    with acting_as(Actor(user=link_worker)):
        services.change_first_session(
            activity_referral=corrected,
            planned_first_session=timezone.now() - datetime.timedelta(days=10),
        )
    assert _open(case, ATTENDANCE).exists()
    assert daily_activity_referral_checks.call()["prompted"] == 0  # asked once already

"""Plan reviews due, disengagement after attempts that did not connect, tasks and follow-ups."""

import datetime

from django.utils import timezone

from navigator.audit.context import Actor, acting_as
from navigator.audit.models import AuditEvent
from navigator.contacts import selectors, services
from navigator.contacts.models import FollowUp, Task
from navigator.contacts.tests.helpers import allocated_through_services, log, open_case
from navigator.plans.models import SupportPlan


def _plan(case, worker, review_date):
    SupportPlan.objects.create(
        organisation=case.organisation,
        person=case.person,
        agreement_method="verbal",
        agreed_on=datetime.date(2026, 3, 1),
        level_of_need="medium",
        review_date=review_date,
        link_worker=worker,
    )


def _row(case, today):
    settings = selectors.caseload_settings(case.organisation)
    return selectors.cases(settings, today).get(pk=case.pk)


def test_review_status_from_the_plans_review_date(organisation, link_worker) -> None:
    today = datetime.date(2026, 5, 10)
    later, soon, on_the_day, past = (
        open_case(organisation, link_worker, state="active") for _ in range(4)
    )
    no_plan = open_case(organisation, link_worker, state="active")
    _plan(later, link_worker, datetime.date(2026, 5, 18))
    _plan(soon, link_worker, datetime.date(2026, 5, 17))
    _plan(on_the_day, link_worker, today)
    _plan(past, link_worker, datetime.date(2026, 5, 9))

    assert _row(later, today).review_status == ""
    assert _row(soon, today).review_status == "due"
    assert _row(on_the_day, today).review_status == "due"
    assert _row(past, today).review_status == "overdue"
    assert _row(no_plan, today).review_status == ""


def test_review_flags_on_the_caseload(organisation, link_worker, signed_in) -> None:
    today = timezone.localdate()
    overdue = open_case(organisation, link_worker, state="active")
    _plan(overdue, link_worker, today - datetime.timedelta(days=1))
    due = open_case(organisation, link_worker, state="active")
    _plan(due, link_worker, today + datetime.timedelta(days=3))
    page = signed_in(link_worker).get("/caseload/").content.decode()
    assert page.count("Review overdue") == 1
    assert page.count("Review due") == 1


def test_attempts_in_a_row_make_a_case_not_engaging(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    now = timezone.now()
    log(case, link_worker, when=now - datetime.timedelta(days=20))
    log(case, link_worker, when=now - datetime.timedelta(days=10), connected=False)
    log(case, link_worker, when=now - datetime.timedelta(days=9), connected=False)
    today = timezone.localdate()
    assert _row(case, today).failed_attempts == 2
    assert not _row(case, today).not_engaging
    assert not Task.objects.exists()

    log(case, link_worker, when=now - datetime.timedelta(days=8), connected=False)
    assert _row(case, today).not_engaging
    task = Task.objects.get()
    assert (task.kind, task.assigned_to, task.due_on) == ("not_engaging", link_worker, today)
    log(case, link_worker, when=now - datetime.timedelta(days=7), connected=False)
    assert Task.objects.count() == 1  # one open task of a kind

    page = signed_in(link_worker).get("/caseload/").content.decode()
    assert "Not engaging" in page
    assert f"/caseload/tasks/{task.pk}/done/" in page

    # Speaking with the person again resets the count and finishes the task.
    log(case, link_worker, when=now - datetime.timedelta(days=1))
    assert _row(case, today).failed_attempts == 0
    task.refresh_from_db()
    assert task.done_at is not None


def test_the_number_of_attempts_is_a_setting(organisation, link_worker) -> None:
    settings = selectors.caseload_settings(organisation)
    settings.disengage_after = 1
    settings.save()
    case = allocated_through_services(organisation, link_worker)
    log(case, link_worker, connected=False)
    assert _row(case, timezone.localdate()).not_engaging
    assert Task.objects.get().kind == Task.Kind.NOT_ENGAGING


def test_due_contacts_and_reviews_make_tasks_once(organisation, link_worker) -> None:
    today = timezone.localdate()
    overdue = open_case(organisation, link_worker, state="active")
    log(overdue, link_worker, when=timezone.now() - datetime.timedelta(days=40))
    review = open_case(organisation, link_worker, state="active")
    log(review, link_worker)
    _plan(review, link_worker, today + datetime.timedelta(days=2))
    fine = open_case(organisation, link_worker, state="active")
    log(fine, link_worker)
    settings = selectors.caseload_settings(organisation)

    made = services.make_due_tasks(user=link_worker, settings=settings, today=today)
    assert sorted((task.referral_id, task.kind) for task in made) == sorted(
        [(overdue.pk, "contact_due"), (review.pk, "review_due")]
    )
    assert services.make_due_tasks(user=link_worker, settings=settings, today=today) == []
    assert Task.objects.count() == 2


def test_marking_a_task_done(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    with acting_as(Actor(user=link_worker)):
        task = services.open_task(referral=case, kind="review_due", due_on=timezone.localdate())
    client = signed_in(link_worker)
    url = f"/caseload/tasks/{task.pk}/done/"
    assert "Plan review due" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == link_worker
    assert f"/caseload/tasks/{task.pk}/done/" not in client.get("/caseload/").content.decode()
    assert "already done" in client.post(url).content.decode()


def test_closing_finishes_the_cases_tasks(organisation, link_worker) -> None:
    case = allocated_through_services(organisation, link_worker)
    with acting_as(Actor(user=link_worker)):
        services.open_task(referral=case, kind="contact_due", due_on=timezone.localdate())
        services.close_case(referral=case, reason="moved", summary="Moved to York")
    assert not Task.objects.filter(done_at__isnull=True).exists()


def test_marking_a_follow_up_done(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    with acting_as(Actor(user=link_worker)):
        services.close_case(referral=case, reason="goals_met", summary="Walking weekly")
    follow_up = FollowUp.objects.get(referral=case)
    FollowUp.objects.filter(pk=follow_up.pk).update(due_on=timezone.localdate())
    client = signed_in(link_worker)
    url = f"/follow-ups/{follow_up.pk}/done/"
    assert url in client.get("/caseload/").content.decode()

    assert client.post(url).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert url not in client.get("/caseload/").content.decode()
    assert AuditEvent.objects.filter(
        object_type="contacts.followup", action=AuditEvent.Action.UPDATED
    ).exists()

"""The daily job e-mails a feedback link when a case closes and when its follow-up falls due,
to people who agreed to be asked, once per case and occasion, through the task worker."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from navigator.contacts.models import Closure, FollowUp
from navigator.core.daily import daily_jobs
from navigator.feedback.models import FeedbackRequest
from navigator.feedback.tasks import FEEDBACK_JOB, send_feedback_requests
from navigator.feedback.tests.helpers import closed_case, send_link


def long_ago_with_follow_up_due(case, today: datetime.date) -> None:
    Closure.objects.filter(referral=case).update(
        closed_at=timezone.now() - datetime.timedelta(days=90)
    )
    FollowUp.objects.filter(referral=case).update(due_on=today)


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_links_at_closure_and_follow_up_once(
    run_worker, organisation, link_worker
):
    today = timezone.localdate()
    just_closed = closed_case(organisation, link_worker, email="closed@example.org")
    followed_up = closed_case(organisation, link_worker, email="follow@example.org")
    long_ago_with_follow_up_due(followed_up, today)
    not_agreed = closed_case(organisation, link_worker, agrees=False, email="no@example.org")
    no_email = closed_case(organisation, link_worker, email="")

    call_command("enqueue_daily_jobs", verbosity=0)
    run_worker()  # the daily jobs, which queue the e-mails
    run_worker()  # the e-mails

    sent = set(FeedbackRequest.objects.values_list("referral", "occasion"))
    assert sent == {(just_closed.pk, "closure"), (followed_up.pk, "follow_up")}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "closed@example.org",
        "follow@example.org",
    ]
    assert all("/give-feedback/" in message.body for message in mail.outbox)
    assert not {not_agreed.pk, no_email.pk} & {referral for referral, _ in sent}
    assert all(request.sent_by is None for request in FeedbackRequest.objects.all())

    # The same day again (a second cron run, a retry): nobody is asked twice.
    send_feedback_requests.enqueue(date=today.isoformat())
    run_worker()
    run_worker()
    assert FeedbackRequest.objects.count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_job_is_registered_to_run_daily():
    assert FEEDBACK_JOB in daily_jobs()


@pytest.mark.django_db
def test_cases_already_asked_by_staff_or_closed_by_death_are_not_asked(
    organisation, link_worker, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    asked = closed_case(organisation, link_worker)
    send_link(asked, link_worker)
    died = closed_case(organisation, link_worker)
    Closure.objects.filter(referral=died).update(reason="died")
    old = closed_case(organisation, link_worker)
    Closure.objects.filter(referral=old).update(
        closed_at=timezone.now() - datetime.timedelta(days=30)
    )

    result = send_feedback_requests.enqueue(date=timezone.localdate().isoformat())

    assert result.return_value == 0
    assert FeedbackRequest.objects.count() == 1

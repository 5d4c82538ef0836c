import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from navigator.contacts.models import DailyJobRun, Task
from navigator.contacts.tests.helpers import log, open_case
from navigator.core.daily import daily_jobs


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_each_link_worker_their_due_cases(
    run_worker, organisation, link_worker, user_with_role
) -> None:
    overdue = open_case(organisation, link_worker, state="active")
    log(overdue, link_worker, when=timezone.now() - datetime.timedelta(days=40))
    not_due = open_case(organisation, link_worker, state="active")
    log(not_due, link_worker)

    call_command("enqueue_daily_jobs", verbosity=0)
    call_command("enqueue_daily_jobs", verbosity=0)  # a second run the same day adds nothing
    # Each registered daily job (these reminders and other apps' jobs) once.
    jobs = sorted(DailyJobRun.objects.values_list("job", flat=True))
    assert jobs == sorted(daily_jobs())
    assert "send_due_reminders" in jobs
    assert DBTaskResult.objects.count() == len(jobs)

    run_worker()  # the reminder job, which queues the e-mail
    run_worker()  # the e-mail
    assert list(Task.objects.values_list("referral", "kind")) == [(overdue.pk, "contact_due")]

    [message] = mail.outbox
    assert message.to == [link_worker.email]
    assert overdue.reference in message.body
    assert not_due.reference not in message.body
    assert overdue.person.family_name not in message.body
    assert "(overdue)" in message.body

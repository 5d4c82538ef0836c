"""Finished background tasks (whose e-mail bodies may carry secure links) are deleted after a
day by a daily job the worker runs."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from navigator.accounts.tasks import send_email
from navigator.core.daily import daily_jobs
from navigator.core.tasks import PRUNE_JOB


@pytest.mark.django_db(transaction=True)
def test_the_daily_job_deletes_tasks_finished_over_a_day_ago(run_worker) -> None:
    send_email.enqueue(subject="Old", body="https://example.org/link/old", to=["a@example.org"])
    send_email.enqueue(subject="New", body="https://example.org/link/new", to=["b@example.org"])
    run_worker()
    DBTaskResult.objects.filter(args_kwargs__kwargs__subject="Old").update(
        finished_at=timezone.now() - datetime.timedelta(days=2)
    )
    waiting = send_email.enqueue(subject="Queued", body="not sent yet", to=["c@example.org"])

    daily_jobs()[PRUNE_JOB](timezone.localdate())
    DBTaskResult.objects.filter(pk=waiting.id).update(
        run_after=timezone.now() + datetime.timedelta(days=1)
    )
    run_worker()

    subjects = set(DBTaskResult.objects.values_list("args_kwargs__kwargs__subject", flat=True))
    assert "Old" not in subjects
    assert {"New", "Queued"} <= subjects

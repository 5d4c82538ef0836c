"""Housekeeping the worker does once a day."""

import datetime

from django.core.management import call_command
from django.tasks import task
from django_tasks_db.models import DBTaskResult

PRUNE_JOB = "prune_finished_tasks"


@task
def prune_finished_tasks() -> int:
    """Delete background tasks finished more than a day ago. A queued e-mail keeps its body in
    the queue table, and some bodies carry a secure link or a password-reset link: they must not
    outlive the day in a database copy or backup."""
    before = DBTaskResult.objects.count()
    call_command("prune_db_task_results", min_age_days=1, queue_name="*", verbosity=0)
    return before - DBTaskResult.objects.count()


def enqueue_prune(today: datetime.date) -> None:
    prune_finished_tasks.enqueue()

"""Housekeeping the worker does once a day."""

import datetime

from django.core.management import call_command
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from navigator.core.models import FormSubmission

PRUNE_JOB = "prune_finished_tasks"
# A form instance sent again after this long (a tab left open for weeks) is taken again.
SENT_FORMS_KEPT_DAYS = 30


@task
def prune_finished_tasks() -> int:
    """Delete background tasks finished more than a day ago, and the tokens of forms sent
    more than SENT_FORMS_KEPT_DAYS ago (core/once.py). A queued e-mail keeps its body in
    the queue table, and some bodies carry a secure link or a password-reset link: they must not
    outlive the day in a database copy or backup."""
    before = DBTaskResult.objects.count()
    call_command("prune_db_task_results", min_age_days=1, queue_name="*", verbosity=0)
    cutoff = timezone.now() - datetime.timedelta(days=SENT_FORMS_KEPT_DAYS)
    FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return before - DBTaskResult.objects.count()


def enqueue_prune(today: datetime.date) -> None:
    prune_finished_tasks.enqueue()

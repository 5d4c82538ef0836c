"""The daily job that lists records past their organisation's retention period for managers
to review (run by `navigator db_worker` once `navigator enqueue_daily_jobs` has queued it)."""

import datetime

from django.tasks import task
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation
from navigator.audit.context import Actor, acting_as
from navigator.governance import services

RETENTION_JOB = "list_records_due_for_destruction"


@task
def list_records_due(*, date: str) -> int:
    """How many records were newly listed, across every organisation. Running it again on the
    same day lists nothing twice: a record is listed once."""
    today = datetime.date.fromisoformat(date)
    listed = 0
    with scopes_disabled(), acting_as(Actor(label="Retention review (daily job)")):
        for organisation in Organisation.objects.order_by("pk"):
            listed += services.list_records_due(organisation=organisation, today=today)
    return listed


def enqueue_retention_review(today: datetime.date) -> None:
    list_records_due.enqueue(date=today.isoformat())

"""The nightly count of the report rollups. Reports count the days the audit trail shows
changed before they read; once a night the worker counts every organisation's rollups again
from nothing, so that what the trail cannot show is right by the next morning: records
changed past the services, or a write committed after a later-numbered audit event had
already been counted."""

import datetime

from django.tasks import task
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation
from navigator.reports.selectors.tallies import rebuild

REBUILD_JOB = "rebuild_report_rollups"


@task
def rebuild_report_rollups() -> int:
    """Count every organisation's rollups again; returns how many organisations there are."""
    with scopes_disabled():
        ids = list(Organisation.objects.values_list("pk", flat=True))
    for organisation_id in ids:
        rebuild([organisation_id])  # one transaction each: no long lock on them all
    return len(ids)


def enqueue_rebuild(today: datetime.date) -> None:
    rebuild_report_rollups.enqueue()

"""Keeping the report rollups fresh: once a day the worker brings every organisation's up to
date with the audit trail, so that a report page seldom has days to count itself."""

import datetime

from django.tasks import task
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation
from navigator.reports.selectors.tallies import refresh

REFRESH_JOB = "refresh_report_rollups"


@task
def refresh_report_rollups() -> int:
    """Count again the days changed since each organisation's rollups were last counted;
    returns how many organisations there are."""
    with scopes_disabled():
        ids = list(Organisation.objects.values_list("pk", flat=True))
    refresh(ids)
    return len(ids)


def enqueue_refresh(today: datetime.date) -> None:
    refresh_report_rollups.enqueue()

"""The nightly count of the report rollups. Reports count the days the audit trail shows
changed before they read; once a night the worker counts every organisation's rollups again
from nothing, so that what the trail cannot show is right by the next morning: records
changed past the services, or a write committed after a later-numbered audit event had
already been counted."""

import datetime

from django.tasks import task
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation
from navigator.reports.models import FundedRollup
from navigator.reports.selectors import funded
from navigator.reports.selectors.tallies import rebuild

REBUILD_JOB = "rebuild_report_rollups"


@task
def rebuild_report_rollups() -> int:
    """Count every organisation's rollups again, then their funders' rows across the
    services they fund; returns how many organisations there are."""
    with scopes_disabled():
        ids = list(Organisation.objects.values_list("pk", flat=True))
        funders = list(FundedRollup.objects.values_list("funder_id", flat=True))
        funded.forget()
    for organisation_id in ids:
        rebuild([organisation_id])  # one transaction each: no long lock on them all
    for funder_id in funders:
        funded.count(funder_id)
    return len(ids)


@task
def count_funded_rollups(funder_id: int) -> None:
    """Count a commissioning organisation's rows across the services it funds from nothing:
    asked by its first report, and by the first after the services it funds change."""
    funded.count(funder_id)


def enqueue_rebuild(today: datetime.date) -> None:
    rebuild_report_rollups.enqueue()


@task
def compact_funded_rollups(funder_ids: list[int]) -> None:
    """Sum the funders' rows changed since their last compaction into one per group."""
    for funder_id in funder_ids:
        funded.compact(funder_id)

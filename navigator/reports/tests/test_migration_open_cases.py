"""Migration reports 0009 rewrites the stored open-cases rows in place, keyed by service and
link worker, so that no report has to count every organisation again after it."""

import datetime
import importlib

import pytest
from django.apps import apps

from navigator.accounts.tests.factories import OrganisationFactory
from navigator.reports.models import FundedMonthTally, FundedRollup, MonthTally, Tally

pytestmark = pytest.mark.django_db

migration = importlib.import_module("navigator.reports.migrations.0009_open_cases_keyed_by_service")
MAY = datetime.date(2026, 5, 1)


def test_open_cases_are_keyed_by_service_and_funders_rows_counted_again(
    organisation,
) -> None:
    county = OrganisationFactory(name="County")
    sums = {"dimension": "", "value": "", "count": 3}
    Tally.objects.create(organisation=organisation, measure="open_cases", key="41", day=MAY, **sums)
    Tally.objects.create(
        organisation=organisation, measure="by_source", key="self", day=MAY, **sums
    )
    MonthTally.objects.create(
        organisation=organisation, measure="open_cases", key="41", month=MAY, **sums
    )
    FundedMonthTally.objects.create(
        organisation=county, measure="open_cases", key="41", month=MAY, **sums
    )
    FundedMonthTally.objects.create(
        organisation=county, measure="by_source", key="self", month=MAY, **sums
    )
    FundedRollup.objects.create(funder=county, services="digest", requested="digest")

    migration.key_open_cases_by_service(apps, None)

    assert list(Tally.objects.order_by("measure").values_list("measure", "key")) == [
        ("by_source", "self"),
        ("open_cases", f"{organisation.pk}|41"),
    ]
    assert list(MonthTally.objects.values_list("key", flat=True)) == [f"{organisation.pk}|41"]
    # The funder's open cases cannot be rewritten: dropped, and the funder's rows counted
    # again after its next report.
    assert list(FundedMonthTally.objects.values_list("measure", flat=True)) == ["by_source"]
    assert FundedRollup.objects.values_list("services", "requested").get() == ("", "")

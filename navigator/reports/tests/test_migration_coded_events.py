"""Migration reports 0010 writes the coded events' rollup rows that counting them would, for
each service and for each funder's rows, so that no report has to count every organisation
again after it."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from benchmarks import scale
from navigator.accounts.models import Organisation
from navigator.accounts.tests.factories import OrganisationFactory
from navigator.reports.models import FundedMonthTally, MonthTally, Tally
from navigator.reports.selectors import funded, tallies

pytestmark = pytest.mark.django_db

migration = importlib.import_module("navigator.reports.migrations.0010_coded_events_counted")
MODELS = (Tally, MonthTally, FundedMonthTally)


def coded_rows() -> dict[str, list[tuple]]:
    columns = ("organisation_id", "dimension", "value", "key", "until", "count", "total")
    return {
        model.__name__: sorted(
            model.objects.filter(measure="coded_events").values_list(
                *columns, "month" if model is not Tally else "day"
            )
        )
        for model in MODELS
    }


def test_the_rows_written_are_those_counting_writes() -> None:
    scale.build(services=4, referrals=120)
    funder = OrganisationFactory(name="County")
    funder.funds.set(Organisation.objects.filter(name__startswith="Benchmark"))
    tallies.rebuild(Organisation.objects.values_list("pk", flat=True))
    funded.count(funder.pk)
    counted = coded_rows()
    assert len(counted["Tally"]) > 50 and counted["FundedMonthTally"]
    for model in MODELS:
        model.objects.filter(measure="coded_events").delete()

    migration.count_coded_events(apps, connection.schema_editor())

    assert coded_rows() == counted

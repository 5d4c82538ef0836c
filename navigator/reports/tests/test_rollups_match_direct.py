"""Every figure read from the rollups is the figure counted straight from the records, on a
generated year of referrals, under each filter a report offers: flow, work (with activity
referrals, accompaniments and onward referrals), outcomes and feedback."""

import datetime

import pytest

from benchmarks import scale
from navigator.accounts.models import Organisation, User
from navigator.people.models import GPPractice
from navigator.referrals.models import Referral, SourceType
from navigator.reports.selectors import SECTIONS, Filters, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return scale.build(services=20, referrals=300)


def tables(organisation_ids: list[int], filters: Filters, *, direct: bool) -> dict:
    report = Report(
        organisation_ids=organisation_ids, filters=filters, commissioned=False, direct=direct
    )
    return {
        figure.key: figure.table()
        for section in SECTIONS.values()
        for figure in report.figures(section)
    }


def filter_sets(data) -> list[Filters]:
    referrals = Referral.objects.filter(organisation=data.organisation_id)
    practice = referrals.exclude(gp_practice=None).values_list("gp_practice", flat=True)[0]
    worker = User.objects.get(pk=data.heavy_worker_id)
    middle = data.start + datetime.timedelta(days=150)
    return [
        Filters(),
        Filters(start=data.start, end=data.end),
        Filters(start=middle, end=middle + datetime.timedelta(days=45)),
        Filters(gp_practice=practice),
        Filters(source=SourceType.SELF),
        Filters(link_worker=data.worker_id, start=middle),
        Filters(team=worker.team_id) if worker.team_id else Filters(link_worker=worker.pk),
        # Two dimensions at once: counted straight from the records.
        Filters(gp_practice=practice, source=SourceType.SELF, end=middle),
    ]


def test_every_figure_from_the_rollups_is_the_direct_figure(data) -> None:
    assert GPPractice.objects.exists()
    every = list(Organisation.objects.values_list("pk", flat=True))
    for organisation_ids in (
        [data.organisation_id],
        [data.organisation_id, data.partner_id],
        every,
    ):
        for filters in filter_sets(data):
            rolled = tables(organisation_ids, filters, direct=False)
            counted = tables(organisation_ids, filters, direct=True)
            assert rolled.keys() == counted.keys()
            for key, table in counted.items():
                assert rolled[key] == table, (key, filters)
            assert any(len(table) > 1 for table in rolled.values())
    # The outcomes, activity and onward figures had rows to compare.
    for key in ("outcomes_closure", "activities_by_provider", "accompaniments", "onward"):
        assert len(tables(every, Filters(), direct=False)[key]) > 1, key

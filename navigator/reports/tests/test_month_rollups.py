"""A report reads month rows for the whole months of its period and day rows only for the
part-months at its ends, and a change to one day counts its month again; a figure about
today keeps one month row per group."""

import datetime

import pytest
from django.db.models import Q, Sum

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.people.tests.factories import GPPracticeFactory
from navigator.referrals.models import SourceType
from navigator.referrals.states import State
from navigator.reports import selectors
from navigator.reports.models import MonthTally
from navigator.reports.selectors import Filters, Report, tallies
from navigator.reports.tests.helpers import figure, referral

pytestmark = pytest.mark.django_db

SOURCE = Q(dimension="source")


@pytest.fixture
def practice():
    return GPPracticeFactory()


@pytest.fixture
def year_of_referrals(organisation, practice):
    """A referral every 10 days from Monday 5 January 2026, from one practice: three in each
    month of 2026, the last on 21 December."""
    for number in range(36):
        referral(
            organisation, received=number * 10, source_type=SourceType.SELF, gp_practice=practice
        )
    tallies.rebuild([organisation.pk])


def rows_read(organisation, start, end, where=SOURCE, **filters) -> dict[str, int]:
    report = Report(
        organisation_ids=[organisation.pk],
        filters=Filters(start=start, end=end, **filters),
        commissioned=False,
    )
    read = tallies.read_from(report, "by_source", where)
    return {rows.model.__name__: rows.count() for rows in read}


def test_a_year_reads_a_row_a_month_and_days_only_at_its_ends(
    organisation, year_of_referrals
) -> None:
    # February to November whole; 15 and 25 January and 1 and 11 December by day.
    start, end = datetime.date(2026, 1, 10), datetime.date(2026, 12, 20)
    assert rows_read(organisation, start, end) == {"MonthTally": 10, "Tally": 4}

    table = figure([organisation.pk], selectors.referrals_by_month, start=start, end=end).table()
    assert table[0] == ["January 2026", "2"]
    assert table[1] == ["February 2026", "3"]
    assert table[-2] == ["December 2026", "2"]
    assert table[-1] == ["Total", "34"]


def test_whole_months_read_no_days_and_part_of_a_month_reads_only_days(
    organisation, year_of_referrals
) -> None:
    assert rows_read(organisation, datetime.date(2026, 2, 1), datetime.date(2026, 11, 30)) == {
        "MonthTally": 10
    }
    assert rows_read(organisation, datetime.date(2026, 3, 2), datetime.date(2026, 3, 30)) == {
        "Tally": 3
    }
    # With no start, every month up to the last whole one.
    assert rows_read(organisation, None, datetime.date(2026, 6, 30)) == {"MonthTally": 6}


def test_a_practice_has_day_rows_only(organisation, practice, year_of_referrals) -> None:
    # A practice refers a few people a month: month rows would be as many as its days.
    where = Q(dimension="gp_practice", value=str(practice.pk))
    start, end = datetime.date(2026, 1, 10), datetime.date(2026, 12, 20)
    assert rows_read(organisation, start, end, where, gp_practice=practice.pk) == {"Tally": 34}
    assert figure(
        [organisation.pk],
        selectors.referrals_by_source,
        start=start,
        end=end,
        gp_practice=practice.pk,
    ).table() == [["Self-referral", "34"], ["Total", "34"]]


def test_counting_a_day_again_counts_its_month_again(organisation, year_of_referrals) -> None:
    referral(organisation, received=40, source_type=SourceType.SELF)  # 14 February

    tallies._count([organisation.pk], [datetime.date(2026, 2, 14)])

    february = MonthTally.objects.filter(
        organisation=organisation, measure="by_source", month=datetime.date(2026, 2, 1)
    ).filter(SOURCE)
    assert february.aggregate(n=Sum("count"))["n"] == 4
    assert (
        MonthTally.objects.filter(
            organisation=organisation, measure="by_source", month=datetime.date(2026, 3, 1)
        )
        .filter(SOURCE)
        .get()
        .count
        == 3
    )


def test_an_unfiltered_report_reads_whole_months_across_every_source(
    organisation, practice
) -> None:
    # 14, 15 and 16 February, from one practice: two self-referrals and one from a pharmacy.
    for number, source in enumerate([SourceType.SELF, SourceType.PHARMACY, SourceType.SELF]):
        referral(organisation, received=40 + number, source_type=source, gp_practice=practice)
    tallies.rebuild([organisation.pk])
    report = Report(
        organisation_ids=[organisation.pk],
        filters=Filters(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 28)),
        commissioned=False,
    )

    (months,) = tallies.read_from(report, "by_gp_practice", SOURCE)

    # One row for the practice's month, where each source has one.
    assert list(months.values_list("dimension", "value", "key", "count")) == [
        ("", "", str(practice.pk), 3)
    ]
    assert (
        MonthTally.objects.filter(organisation=organisation, measure="by_gp_practice")
        .filter(SOURCE)
        .count()
        == 2
    )
    assert figure(
        [organisation.pk],
        selectors.referrals_by_gp_practice,
        start=datetime.date(2026, 2, 1),
        end=datetime.date(2026, 2, 28),
    ).table() == [[f"{practice.name} ({practice.ods_code})", "3"], ["Total", "3"]]
    # Filtered on a source, the source's own rows.
    assert figure(
        [organisation.pk],
        selectors.referrals_by_gp_practice,
        start=datetime.date(2026, 2, 1),
        end=datetime.date(2026, 2, 28),
        source=SourceType.PHARMACY,
    ).table() == [[f"{practice.name} ({practice.ods_code})", "1"], ["Total", "1"]]


def test_a_figure_about_today_keeps_one_month_row_per_group(organisation) -> None:
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    # Open cases referred in January, March and June: a caseload is about today, read from
    # every month, so its month rows are one per link worker, not one per month referred.
    for received in (0, 60, 150):
        referral(organisation, received=received, state=State.ACTIVE, allocated_to=worker)
    tallies.rebuild([organisation.pk])

    def caseload_rows() -> list[tuple]:
        return list(
            MonthTally.objects.filter(
                organisation=organisation, measure="open_cases", dimension=""
            ).values_list("month", "key", "count")
        )

    assert caseload_rows() == [(tallies.TODAY, f"{organisation.pk}|{worker.pk}", 3)]

    # A case referred in April opens: counting April again counts that one row again.
    referral(organisation, received=100, state=State.ALLOCATED, allocated_to=worker)
    tallies._count([organisation.pk], [datetime.date(2026, 4, 15)])

    assert caseload_rows() == [(tallies.TODAY, f"{organisation.pk}|{worker.pk}", 4)]
    assert figure([organisation.pk], selectors.caseloads).table()[0][1] == "4"

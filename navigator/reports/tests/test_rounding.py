"""Commissioners' counts are rounded to the nearest 5 after suppression, so that subtracting
one report from another no longer gives a small count back; managers keep exact figures."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.reports.figures import (
    COUNT,
    HIDDEN_TEXT,
    NO_RECORDS,
    PERCENT,
    SMALL_TEXT,
    Column,
    Figure,
    Row,
    protect,
    rounded,
    share,
    suppress,
    with_column_totals,
)
from navigator.reports.selectors import SECTIONS, Filters, Report
from navigator.reports.tests.helpers import derivable, referral, totals_grid

CELL = '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">{}</td>'


def test_counts_go_to_the_nearest_five() -> None:
    assert [rounded(count) for count in (5, 7, 8, 12, 13, 17, 18, 100)] == [
        5, 5, 10, 10, 15, 15, 20, 100,
    ]  # fmt: skip


def test_shares_are_worked_out_from_the_rounded_counts() -> None:
    figure = Figure(
        key="rates",
        title="rates",
        label_heading="Provider",
        columns=[Column("Referred"), Column("Accepted"), Column("Rate", PERCENT, share_of=(1, 0))],
        rows=[Row("Walking group", [13, 12, share(12, 13)])],
    )
    assert figure.table() == [["Walking group", "13", "12", "92.3%"]]

    protect([figure])

    # 10 of 15, not 12 of 13: the share tells nothing the rounded counts do not.
    assert figure.table() == [["Walking group", "15", "10", "66.7%"]]


def test_a_share_of_something_not_in_its_row_goes_to_a_whole_percent() -> None:
    figure = Figure(
        key="f",
        title="f",
        label_heading="Group",
        columns=[Column("People"), Column("Share", PERCENT, depends_on=(0,))],
        rows=[Row("A", [12, share(12, 37)]), Row("B", [25, share(25, 37)])],
    )
    with_column_totals(figure)

    protect([figure])

    assert figure.table() == [["A", "10", "32%"], ["B", "25", "68%"], ["Total", "35", "–"]]


def test_totals_are_rounded_on_their_own() -> None:
    figure = with_column_totals(
        Figure(
            key="f",
            title="f",
            label_heading="Group",
            columns=[Column("People")],
            rows=[Row("A", [12]), Row("B", [12])],
        )
    )
    protect([figure])
    assert [line[1] for line in figure.table()] == ["10", "10", "25"]  # 24 is not 10 + 10


@given(st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=1, max_size=8))
def test_protected_counts_are_hidden_or_rounded_and_none_can_be_derived(
    rows: list[list[int]],
) -> None:
    """The grid of the suppression test, protected: still nothing derivable, and every count
    shown is a multiple of 5 within 2 of the true one."""

    exact = totals_grid(rows)
    figure = totals_grid(rows)
    protect([figure])

    assert not derivable([figure])
    assert figure.hidden == suppress([exact])[0].hidden
    for row_index, row in enumerate(exact.rows):
        for column_index, column in enumerate(exact.columns):
            text = figure.text(row_index, column_index)
            if column.kind != COUNT or text in (SMALL_TEXT, HIDDEN_TEXT):
                continue
            assert int(text) % 5 == 0
            assert abs(int(text) - row.values[column_index]) <= 2


@pytest.fixture
def commissioner(organisation):
    icb = OrganisationFactory(name="West Yorkshire ICB")
    icb.funds.add(organisation)
    return UserFactory(organisation=icb, role=Role.COMMISSIONER)


def flow(client, name: str) -> str:
    return client.get(reverse(name, kwargs={"slug": "flow"})).content.decode()


@pytest.mark.django_db
def test_commissioners_see_rounded_counts_and_managers_exact_ones(
    signed_in, organisation, manager, commissioner
) -> None:
    for _ in range(12):
        referral(organisation)

    assert CELL.format(10) in flow(signed_in(commissioner), "reports:commissioned_section")
    assert CELL.format(12) not in flow(signed_in(commissioner), "reports:commissioned_section")
    assert CELL.format(12) in flow(signed_in(manager), "reports:section")
    download = reverse(
        "reports:commissioned_download", kwargs={"slug": "flow", "file_format": "csv"}
    )
    assert "Total,10" in signed_in(commissioner).get(download).content.decode()

    referral(organisation)

    assert CELL.format(15) in flow(signed_in(commissioner), "reports:commissioned_section")
    assert CELL.format(13) in flow(signed_in(manager), "reports:section")


def total_referrals(organisation, end: datetime.date, *, rounding: bool = True) -> int:
    """The total of "Referrals by source" a commissioner reads for 1 January to `end`."""
    filters = Filters(start=datetime.date(2026, 1, 1), end=end)
    if rounding:
        report = Report(organisation_ids=[organisation.pk], filters=filters, commissioned=True)
        figures = report.figures(SECTIONS["flow"])
    else:  # as it was before rounding: suppression alone
        report = Report(organisation_ids=[organisation.pk], filters=filters, commissioned=False)
        figures = suppress([build(report) for build in SECTIONS["flow"].figures])
    by_source = next(figure for figure in figures if figure.key == "by_source")
    return int(by_source.table()[-1][1])


@pytest.mark.django_db
def test_differencing_two_overlapping_periods_no_longer_reveals_a_small_count(
    organisation,
) -> None:
    # Twelve referrals in January and February, and three in March: a small number.
    for day in range(12):
        referral(organisation, received=day * 4)  # 5 January to 18 February
    for day in range(3):
        referral(organisation, received=56 + day)  # 2 to 4 March
    end_of_february, end_of_march = datetime.date(2026, 2, 28), datetime.date(2026, 3, 31)

    # March on its own is hidden from the commissioner.
    report = Report(
        organisation_ids=[organisation.pk],
        filters=Filters(start=datetime.date(2026, 3, 1), end=end_of_march),
        commissioned=True,
    )
    by_source = next(f for f in report.figures(SECTIONS["flow"]) if f.key == "by_source")
    assert by_source.table()[-1][1] == SMALL_TEXT

    # Before rounding, January to March minus January to February gave March away.
    exact = total_referrals(organisation, end_of_march, rounding=False)
    exact -= total_referrals(organisation, end_of_february, rounding=False)
    assert exact == 3

    # Rounded, the commissioner reads 15 and 10: the difference is 5, not 3 ...
    first_quarter = total_referrals(organisation, end_of_march)
    two_months = total_referrals(organisation, end_of_february)
    assert (first_quarter, two_months) == (15, 10)

    # ... and March could be anything from 1 to 9: the two figures do not pin it down.
    possible = {
        march
        for earlier in range(100)
        for march in range(100)
        if rounded(earlier) == two_months and rounded(earlier + march) == first_quarter
    }
    assert 3 in possible
    assert possible == set(range(1, 10))


@pytest.mark.django_db
def test_commissioners_periods_are_whole_months_so_a_day_cannot_be_isolated(
    signed_in, organisation, manager, commissioner
) -> None:
    for received in (-3, 84, 90):  # six each on 2 January, 30 March and 5 April
        for _ in range(6):
            referral(organisation, received=received)
    chosen = "?start_day=15&start_month=1&start_year=2026&end_day=10&end_month=3&end_year=2026"
    address = reverse("reports:commissioned_section", kwargs={"slug": "flow"}) + chosen

    page = signed_in(commissioner).get(address).content.decode()

    assert "These figures cover whole months: from 1 January 2026 to 31 March 2026." in page
    download = reverse(
        "reports:commissioned_download", kwargs={"slug": "flow", "file_format": "csv"}
    )
    csv = signed_in(commissioner).get(download + chosen).content.decode()
    assert "Total,10" in csv  # 12: both ends of the months counted, April not
    # Managers' periods are the days they chose: none of the referrals falls within them.
    manager_page = signed_in(manager).get(
        reverse("reports:section", kwargs={"slug": "flow"}) + chosen
    )
    assert "whole months" not in manager_page.content.decode()
    assert NO_RECORDS in manager_page.content.decode()

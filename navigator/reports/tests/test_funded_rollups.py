"""A commissioner's report of every service their organisation funds reads month rows summed
over those services, kept as each service's rows change, and gives the figures it would give
reading each service's rows."""

import datetime

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks import scale
from navigator.accounts.models import Organisation
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts.models import CaseloadSettings
from navigator.referrals import services as referral_services
from navigator.referrals.models import SourceType
from navigator.referrals.states import State
from navigator.reports import selectors
from navigator.reports.models import FundedMonthTally, FundedRollup
from navigator.reports.selectors import SECTIONS, Filters, Report, funded, tallies
from navigator.reports.tasks import compact_funded_rollups, rebuild_report_rollups
from navigator.reports.tests.helpers import referral

pytestmark = pytest.mark.django_db

FEBRUARY_TO_MARCH = Filters(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 3, 31))


def tables(report: Report) -> dict:
    return {
        figure.key: figure.table()
        for section in SECTIONS.values()
        for figure in report.figures(section)
    }


def report(service_ids: list[int], filters: Filters, funder_id: int | None) -> Report:
    return Report(
        organisation_ids=service_ids, filters=filters, commissioned=False, funder_id=funder_id
    )


def rows_of(funder: Organisation) -> list[tuple]:
    """The funder's rows, one per group."""
    return sorted(
        FundedMonthTally.objects.filter(organisation=funder)
        .values_list("measure", "dimension", "value", "key", "until", "month")
        .annotate(n=Sum("count"))
        .exclude(n=0)
    )


@pytest.fixture
def year(monkeypatch):
    """A year of generated referrals in 20 services, all funded by one commissioning
    organisation, every rollup counted."""
    monkeypatch.undo()  # counted here, and by the services' audit trail after
    data = scale.build(services=20, referrals=300)
    funder = OrganisationFactory(name="National commissioning")
    funder.funds.set(Organisation.objects.filter(name__startswith="Benchmark"))
    funded.count(funder.pk)
    return data, funder, list(funder.funds.values_list("pk", flat=True))


def test_the_figures_from_the_funders_rows_are_those_from_each_services_rows(year) -> None:
    data, funder, services = year
    first = (data.start.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    last = data.end.replace(day=1) - datetime.timedelta(days=1)
    for filters in (
        Filters(),
        Filters(start=first, end=last),
        Filters(start=first, end=last, source=SourceType.SELF),
        Filters(start=first, end=last, link_worker=data.worker_id),
    ):
        pooled = tables(report(services, filters, funder.pk))
        assert pooled == tables(report(services, filters, None)), filters
        assert any(len(table) > 1 for table in pooled.values())


def test_a_report_of_every_funded_service_reads_the_funders_rows_only(year) -> None:
    data, funder, services = year
    whole_year = Filters(start=datetime.date(2025, 1, 1), end=datetime.date(2027, 12, 31))
    with CaptureQueriesContext(connection) as captured:
        selectors.funnel(report(services, whole_year, funder.pk))
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert "reports_fundedmonthtally" in read
    assert "reports_monthtally" not in read and "reports_tally" not in read

    # Not every service it funds, or a link worker's figures: each service's rows.
    for one_service in (
        report(services[:1], whole_year, funder.pk),
        report(services, Filters(link_worker=data.worker_id), funder.pk),
    ):
        with CaptureQueriesContext(connection) as captured:
            selectors.funnel(one_service)
        assert "reports_fundedmonthtally" not in captured.captured_queries[-1]["sql"]


def test_a_change_in_one_service_reaches_its_funders_rows(
    organisation, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.undo()  # the real refresh, from the audit trail
    county, city = OrganisationFactory(name="County"), OrganisationFactory(name="City")
    other = OrganisationFactory()
    # Two funders of one service: each has its own rows, neither counts the other's.
    county.funds.set([organisation, other])
    city.funds.set([organisation])
    waiting = referral(organisation, received=40, state=State.WAITING, waiting_since=40)
    referral(organisation, received=41, source_type=SourceType.SELF)
    referral(other, received=70, source_type=SourceType.PHARMACY)
    tallies.rebuild([organisation.pk, other.pk])
    funded.count(county.pk)
    funded.count(city.pk)
    ids = [organisation.pk, other.pk]
    assert selectors.waiting_list(report(ids, Filters(), county.pk)).table()[0][1] == "1"

    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    with acting_as(Actor(user=UserFactory(organisation=organisation, role=Role.MANAGER))):
        referral_services.allocate(referral=waiting, link_worker=worker)

    with django_capture_on_commit_callbacks() as asked:
        assert selectors.waiting_list(report(ids, Filters(), county.pk)).table()[0][1] == "0"
    assert len(asked) == 1  # the worker asked to sum the changed rows
    assert selectors.referrals_by_source(report(ids, FEBRUARY_TO_MARCH, county.pk)).table() == [
        ["Pharmacy", "1"],
        ["Primary care clinician", "1"],
        ["Self-referral", "1"],
        ["Total", "3"],
    ]
    kept = {funder.pk: rows_of(funder) for funder in (county, city)}
    changes = FundedMonthTally.objects.filter(organisation=city).count()
    compact_funded_rollups.call([county.pk, city.pk])

    # One row per group, as many fewer as the changes' rows; the same groups and sums.
    assert FundedMonthTally.objects.filter(organisation=city).count() == len(kept[city.pk])
    assert len(kept[city.pk]) < changes
    assert {funder.pk: rows_of(funder) for funder in (county, city)} == kept
    # And as counted from nothing.
    funded.count(county.pk)
    funded.count(city.pk)
    assert {funder.pk: rows_of(funder) for funder in (county, city)} == kept


def test_a_change_of_funding_reads_each_service_until_the_funders_rows_are_counted_again(
    organisation, other_organisation, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    monkeypatch.undo()  # the real refresh: nothing has changed since the count
    county = OrganisationFactory(name="County")
    county.funds.set([organisation])
    referral(organisation, received=40)
    referral(other_organisation, received=41)
    tallies.rebuild([organisation.pk, other_organisation.pk])
    funded.count(county.pk)
    county.funds.add(other_organisation)
    both = [organisation.pk, other_organisation.pk]

    with django_capture_on_commit_callbacks() as asked:
        total = selectors.referrals_by_source(report(both, FEBRUARY_TO_MARCH, county.pk))

    assert total.table()[-1] == ["Total", "2"]
    assert len(asked) == 1  # the count of its rows, asked of the worker once
    assert FundedRollup.objects.get(funder=county).requested == funded.digest(both)
    with django_capture_on_commit_callbacks() as asked_again:
        selectors.referrals_by_source(report(both, FEBRUARY_TO_MARCH, county.pk))
    assert asked_again == []

    funded.count(county.pk)
    assert funded.reading(county.pk, both)
    assert selectors.referrals_by_source(report(both, FEBRUARY_TO_MARCH, county.pk)).table()[
        -1
    ] == ["Total", "2"]


def test_the_nightly_count_counts_the_funders_rows_again(organisation, monkeypatch) -> None:
    monkeypatch.undo()
    county = OrganisationFactory(name="County")
    county.funds.set([organisation])
    referral(organisation, received=40)
    tallies.rebuild([organisation.pk])
    funded.count(county.pk)
    # Made without the services: no audit event, so only the nightly count sees it.
    referral(organisation, received=41)

    rebuild_report_rollups.call()

    assert funded.reading(county.pk, [organisation.pk])
    assert selectors.referrals_by_source(
        report([organisation.pk], FEBRUARY_TO_MARCH, county.pk)
    ).table()[-1] == ["Total", "2"]


def test_a_commissioners_page_of_every_service_reads_the_funders_rows(
    organisation, other_organisation, signed_in, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    monkeypatch.undo()  # counted once here, not again before each page
    county = OrganisationFactory(name="County")
    county.funds.set([organisation, other_organisation])
    for _ in range(12):
        referral(organisation, received=40)
    tallies.rebuild([organisation.pk, other_organisation.pk])
    funded.count(county.pk)
    client = signed_in(UserFactory(organisation=county, role=Role.COMMISSIONER))
    path = reverse("reports:commissioned_section", kwargs={"slug": "flow"})

    def page(**query) -> tuple[str, str]:
        """The page, and what its figures read: not the filter form's GP practices, which
        are read from each service's rows (a practice is one service's, so the funder's rows
        of them would be as many)."""
        with CaptureQueriesContext(connection) as captured:
            content = client.get(path, query).content.decode()
        practices = 'SELECT DISTINCT "reports_monthtally"."key"'
        read = [each["sql"] for each in captured.captured_queries]
        return content, " ".join(sql for sql in read if not sql.startswith(practices))

    content, read = page()
    assert "reports_fundedmonthtally" in read and "reports_monthtally" not in read
    # 12 referrals, rounded to the nearest 5.
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">10</td>' in content

    # One chosen service: its own rows, and no count of the funder's asked.
    with django_capture_on_commit_callbacks() as asked:
        content, read = page(service=organisation.pk)
    assert "reports_fundedmonthtally" not in read and "reports_monthtally" in read
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">10</td>' in content
    assert asked == []


def test_a_commissioners_caseload_bands_come_from_the_funders_rows(
    organisation, other_organisation, monkeypatch
) -> None:
    monkeypatch.undo()  # counted once here, not again before the figure
    county = OrganisationFactory(name="County")
    county.funds.set([organisation, other_organisation])
    CaseloadSettings.objects.create(organisation=organisation, caseload_target=10)
    # Other Service keeps the default target of 40.
    for service in (organisation, other_organisation):
        worker = UserFactory(organisation=service, role=Role.LINK_WORKER)
        for _ in range(10):
            referral(service, state=State.ACTIVE, allocated_to=worker)
    tallies.rebuild([organisation.pk, other_organisation.pk])
    funded.count(county.pk)
    commissioned = Report(
        organisation_ids=[organisation.pk, other_organisation.pk],
        filters=Filters(),
        commissioned=True,
        funder_id=county.pk,
    )

    with CaptureQueriesContext(connection) as captured:
        table = selectors.caseloads(commissioned).table()

    read = " ".join(each["sql"] for each in captured.captured_queries)
    assert "reports_fundedmonthtally" in read and "reports_monthtally" not in read
    # Each link worker against their own service's target: 10 of 10, and 10 of 40.
    assert table == [
        ["Up to half the target", "1", "10"],
        ["More than half, up to four fifths", "0", "0"],
        ["More than four fifths, up to the target", "1", "10"],
        ["Over the target, by up to a fifth", "0", "0"],
        ["Over the target by more than a fifth", "0", "0"],
        ["All link workers", "2", "20"],
    ]

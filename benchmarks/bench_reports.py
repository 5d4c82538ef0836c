"""Reports over a year of a national-scale service (NAVIGATOR_BENCH_REFERRALS, default
1,000,000 referrals, with their contacts, outcome measures and feedback): every figure is an
aggregate query, so a section takes seconds, not the time to read a million rows into Python."""

import pytest
from django.urls import reverse

from benchmarks.conftest import REPORT_ROUNDS, round_times
from navigator.accounts.models import Organisation
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.reports.selectors import SECTIONS, Filters, Report

# The promise of the reports issue: a year of a national-scale service in seconds. Ten seconds
# is the most a manager will wait for a page before thinking it broken; measured on PostgreSQL,
# the production database, on a 2-core machine; SQLite is run at a smaller scale.
SECTION_SECONDS = 10.0
# The section page through Django: the same figures plus the filter form, the charts (SVG),
# the audit of figures seen and the page itself.
SECTION_PAGE_SECONDS = 15.0

pytestmark = pytest.mark.django_db


def _dated(scale_data) -> dict[str, str]:
    query = {}
    for name, day in (("start", scale_data.start), ("end", scale_data.end)):
        query |= {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}
    return query


@pytest.mark.parametrize("slug", list(SECTIONS))
def test_section_figures(slug, scale_data, measure, benchmark):
    report = Report(
        organisation_ids=[scale_data.organisation_id],
        filters=Filters(start=scale_data.start, end=scale_data.end),
        commissioned=False,
    )

    figures = measure(lambda: report.figures(SECTIONS[slug]), rounds=REPORT_ROUNDS)

    assert any(row.values for figure in figures for row in figure.rows)
    assert max(round_times(benchmark)) < SECTION_SECONDS


@pytest.mark.parametrize("slug", ["flow", "outcomes"])
def test_section_page(slug, scale_data, bench_manager, client, measure, benchmark):
    client.force_login(bench_manager)
    url = reverse("reports:section", args=[slug])

    response = measure(lambda: client.get(url, _dated(scale_data)), rounds=REPORT_ROUNDS)

    assert response.status_code == 200
    assert max(round_times(benchmark)) < SECTION_PAGE_SECONDS


def test_section_download(scale_data, bench_manager, client, measure, benchmark):
    client.force_login(bench_manager)
    url = reverse("reports:download", args=["work", "xlsx"])

    response = measure(lambda: client.get(url, _dated(scale_data)), rounds=REPORT_ROUNDS)

    assert response.status_code == 200
    assert max(round_times(benchmark)) < SECTION_PAGE_SECONDS


def test_commissioned_section_page(scale_data, client, measure, benchmark):
    """A commissioner's page: the same figures, then small numbers suppressed."""
    commissioning = Organisation.objects.create(name="Benchmark Integrated Care Board")
    commissioning.funds.add(scale_data.organisation_id, scale_data.partner_id)
    client.force_login(UserFactory(organisation=commissioning, role=Role.COMMISSIONER))
    url = reverse("reports:commissioned_section", args=["flow"])

    response = measure(lambda: client.get(url, _dated(scale_data)), rounds=REPORT_ROUNDS)

    assert response.status_code == 200
    assert max(round_times(benchmark)) < SECTION_PAGE_SECONDS

"""A manager filters a report in headless Chromium and downloads what the page shows; a
commissioner of many services gives a GP practice by its code."""

import csv
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.core.tests.browser import assert_nhs_styles_loaded, axe_violations
from navigator.people.tests.factories import GPPracticeFactory
from navigator.reports import figures, forms
from navigator.reports.tests.helpers import referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_filters_by_practice_and_downloads_the_figures(page, sign_in, manager):
    surgery = GPPracticeFactory(name="Chapel Allerton Surgery", ods_code="B86001")
    for days in range(3):
        referral(manager.organisation, received=days, gp_practice=surgery)
    for days in range(5):
        referral(manager.organisation, received=days)

    sign_in(page, manager)
    page.goto("/reports/flow/")
    assert_nhs_styles_loaded(page)
    total = page.locator("#by_source tbody tr").filter(has_text="Total")
    expect(total).to_contain_text("8")

    page.select_option("#id_gp_practice", label="Chapel Allerton Surgery (B86001)")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(total).to_contain_text("3")
    expect(page.locator("#id_gp_practice")).to_have_value(str(surgery.pk))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Flow as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("flow-")
    with open(download.path(), encoding="utf-8-sig") as file:
        lines = list(csv.reader(io.StringIO(file.read())))
    assert ["Referrals by source"] in lines
    assert ["Total", "3"] in lines


def test_a_commissioner_of_many_services_gives_a_practice_by_its_code(
    page, sign_in, organisation, other_organisation, monkeypatch
):
    # As for a commissioner of more services than a list of practices serves, and of more
    # practices than a page lists: a few of each here.
    monkeypatch.setattr(forms, "LISTS_PRACTICES_UP_TO", 1)
    monkeypatch.setattr(figures, "MOST_ROWS_SHOWN", 1)
    chapel = GPPracticeFactory(name="Chapel Allerton Surgery", ods_code="B86001")
    armley = GPPracticeFactory(name="Armley Moor Surgery", ods_code="B86003")
    for _ in range(10):
        referral(organisation, received=40, gp_practice=chapel)
    for _ in range(6):
        referral(other_organisation, received=40, gp_practice=armley)
    county = OrganisationFactory(name="County")
    county.funds.set([organisation, other_organisation])
    commissioner = UserFactory(organisation=county, role=Role.COMMISSIONER)

    sign_in(page, commissioner)
    page.goto(reverse("reports:commissioned_section", kwargs={"slug": "flow"}))
    practices = page.locator("#by_gp_practice tbody tr")
    # Counts rounded to the nearest 5: Armley's 6 goes with the rest.
    expect(practices).to_have_text(
        ["Chapel Allerton Surgery (B86001) 10", "The other 1 practices 5", "Total 15"],
        use_inner_text=True,
    )
    assert axe_violations(page) == []

    page.fill("#id_gp_practice", "b86099")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the ODS code of a GP practice, like B86001"
    )
    expect(page.locator("#id_gp_practice")).to_have_value("b86099")
    assert axe_violations(page) == []

    page.fill("#id_gp_practice", "b86003")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    total = page.locator("#by_source tbody tr").filter(has_text="Total")
    expect(total).to_contain_text("5")
    expect(practices).to_have_text(
        ["Armley Moor Surgery (B86003) 5", "Total 5"], use_inner_text=True
    )

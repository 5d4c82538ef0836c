"""A manager filters a report in headless Chromium and downloads what the page shows."""

import csv
import io

import pytest
from playwright.sync_api import expect

from navigator.core.tests.browser import assert_nhs_styles_loaded
from navigator.people.tests.factories import GPPracticeFactory
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

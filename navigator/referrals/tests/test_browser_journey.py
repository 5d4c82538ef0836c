"""Triage to allocation in headless Chromium, as a service manager."""

import re

import pytest
from playwright.sync_api import expect

from navigator.referrals.tests.factories import ReferralFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def test_a_manager_triages_accepts_and_allocates_a_referral(
    page, sign_in, manager, link_worker, organisation
):
    referral = ReferralFactory(organisation=organisation, given_name="Edith", family_name="Walker")
    sign_in(page, manager)
    page.goto("/referrals/")
    page.get_by_role("link", name=re.compile(referral.reference)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edith Walker")

    # Accepting before triage is refused with a clear message.
    page.goto(f"/referrals/{referral.pk}/accept/")
    press(page, "Accept referral")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("cannot become accepted")

    # Triage: no existing record, so a new one is made from the referral.
    page.goto(f"/referrals/{referral.pk}/")
    press(page, "Create a new record")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("triaged")

    page.get_by_role("link", name="Accept").click()
    press(page, "Accept referral")
    expect(page.locator("#coded-events")).to_contain_text("871731000000106")

    page.get_by_role("link", name="Allocate to a link worker").click()
    press(page, "Allocate")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select a link worker")
    page.get_by_label(re.compile(f"{link_worker} – 0 open referrals")).check()
    press(page, "Allocate")

    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("allocated")
    expect(page.locator("#history")).to_contain_text("Allocated")
    expect(page.locator("main")).to_contain_text(str(link_worker))

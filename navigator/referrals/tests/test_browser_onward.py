"""Onward referral between two services in headless Chromium: a Leeds link worker finds the
Calder Valley service in the directory and refers the person onward; it lands in Calder
Valley's triage queue, where its manager accepts it; Leeds sees it accepted, on its own page
and on the person's timeline, and is asked whether to close its own case."""

import re

import pytest
from playwright.sync_api import expect

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def test_onward_referral_from_the_directory_to_the_other_services_triage_and_back(
    page, browser, live_server, sign_in, link_worker, other_organisation
):
    calder_manager = UserFactory(organisation=other_organisation, role=Role.MANAGER)
    ServiceFactory(
        name="Calder Valley Social Prescribing",
        keywords="social prescribing",
        is_social_prescribing_service=True,
        navigator_organisation=other_organisation,
    )
    person = PersonFactory(
        organisation=link_worker.organisation,
        given_name="Edith",
        family_name="Walkerley",
        consent_to_hold=True,
        consent_to_share=True,
        consent_method="written",
    )
    own_case = ReferralFactory(
        organisation=person.organisation, person=person, state=State.ALLOCATED
    )

    # Leeds: from the directory search on the person's activity referrals, to the onward form.
    sign_in(page, link_worker)
    page.goto(f"/activities/people/{person.pk}/refer/")
    page.get_by_label("Search the directory").fill("social prescribing")
    press(page, "Search")
    with page.expect_navigation():
        page.get_by_role("button", name="Refer onward to Calder Valley Social Prescribing").click()
    expect(page.get_by_label("Which service are you referring them to?")).to_have_value(
        str(other_organisation.pk)
    )
    options = page.get_by_label("Which service are you referring them to?").inner_text()
    assert link_worker.organisation.name not in options
    page.get_by_label("Why are you referring them?").fill("Moving to Hebden Bridge")
    press(page, "Send referral")
    table = page.locator("#onward-referrals")
    expect(table).to_contain_text("Calder Valley Social Prescribing")
    expect(table).to_contain_text("Received")
    expect(page.get_by_role("link", name=f"Close our case {own_case.reference}")).to_be_visible()
    expect(page.get_by_role("link", name="Keep our case open")).to_be_visible()
    reference = table.locator("tbody td").nth(1).inner_text()

    # Calder Valley: it is in the triage queue; the manager triages and accepts it.
    other = browser.new_context(base_url=live_server.url, locale="en-GB")
    calder = other.new_page()
    sign_in(calder, calder_manager)
    calder.goto("/referrals/")
    with calder.expect_navigation():
        calder.get_by_role("link", name=re.compile(reference)).click()
    expect(calder.locator("main")).to_contain_text("Moving to Hebden Bridge")
    press(calder, "Create a new record")
    calder.get_by_role("link", name="Accept").click()
    press(calder, "Accept referral")
    other.close()

    # Leeds: the status follows, and the timeline names the destination and reference.
    page.goto(f"/referrals/onward/{person.pk}/sent/")
    expect(page.locator("#onward-referrals")).to_contain_text("Accepted")
    page.goto(f"/people/{person.pk}/timeline/")
    expect(page.locator("main")).to_contain_text(
        f"Referred onward to {other_organisation.name}, reference {reference}"
    )

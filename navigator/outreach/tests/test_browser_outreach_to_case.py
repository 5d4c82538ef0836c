"""Outreach to case in headless Chromium: the caller asks for consent and records what was
said; a manager's "wants support" waits where managers allocate work; a link worker's call is
the first contact on the case."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from navigator.outreach.tests.factories import CohortFactory, CohortMemberFactory
from navigator.referrals.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


@pytest.fixture
def member(organisation):
    return CohortMemberFactory(
        cohort=CohortFactory(organisation=organisation, name="Over 75s living alone"),
        given_name="Ottoline",
        family_name="Vasquez-Brennan",
        date_of_birth=datetime.date(1940, 2, 3),
        nhs_number="9434765919",
        phone="+441134960000",
    )


def call_and_want_support(page, member) -> None:
    page.goto(reverse("outreach:call_list"))
    page.get_by_role("link", name="Ottoline Vasquez-Brennan").click()
    page.get_by_role("radio", name="Spoke — wants support").check()
    press(page, "Log the call")
    # Nothing is made until they have been asked for consent.
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Select whether they agree that we hold their information"
    )
    page.locator("input[name=consent_to_hold][value=yes]").check()
    page.locator("input[name=consent_to_share][value=no]").check()
    page.fill("#id_consent_said", "Yes, you can keep my details, but don't tell anyone else")
    press(page, "Log the call")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Referral")


def test_a_managers_call_waits_to_be_allocated(page, sign_in, manager, link_worker, member):
    sign_in(page, manager)
    call_and_want_support(page, member)
    referral = Referral.objects.get()

    page.goto(reverse("referrals:waiting_list"))
    table = page.locator("#to-allocate")
    expect(table).to_contain_text("Ottoline Vasquez-Brennan")
    table.get_by_role("link", name=referral.reference).click()
    page.get_by_role("link", name="Allocate to a link worker").click()
    page.get_by_role("radio", name=str(link_worker), exact=False).check()
    press(page, "Allocate")

    referral.refresh_from_db()
    assert referral.allocated_to == link_worker
    assert (referral.person.consent_to_hold, referral.person.consent_to_share) == (True, False)
    page.goto(reverse("referrals:waiting_list"))
    expect(page.locator("#to-allocate")).to_have_count(0)


def test_a_link_workers_call_is_the_first_contact_on_the_case(page, sign_in, link_worker, member):
    sign_in(page, link_worker)
    call_and_want_support(page, member)
    referral = Referral.objects.get()

    page.goto(reverse("contacts:case", args=[referral.pk]))
    expect(page.locator("#contacts")).to_contain_text(
        "Outreach call (Over 75s living alone): wants support"
    )
    page.goto(reverse("people:timeline", args=[referral.person_id]))
    expect(page.locator("main")).to_contain_text("but don't tell anyone else")

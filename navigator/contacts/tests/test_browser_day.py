"""A link worker's day in headless Chromium: open the caseload, log a phone contact, see the
next due date move, close a case."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from navigator.contacts.tests.helpers import allocated_through_services, log
from navigator.core.tests.browser import assert_nhs_styles_loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def summary_row(page, key: str):
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator(".nhsuk-summary-list__key", has_text=re.compile(f"^\\s*{key}\\s*$"))
    )
    return row.locator(".nhsuk-summary-list__value")


def day(date: datetime.date, fmt: str = "%-d %b %Y") -> str:
    return date.strftime(fmt)


def test_a_link_worker_logs_a_phone_contact_and_closes_a_case(page, sign_in, link_worker):
    today = timezone.localdate()
    case = allocated_through_services(link_worker.organisation, link_worker)
    # Last spoke 30 days ago: with the medium interval (14 days) the case is overdue.
    log(case, link_worker, when=timezone.now() - datetime.timedelta(days=30))
    was_due = today - datetime.timedelta(days=16)
    will_be_due = today + datetime.timedelta(days=14)
    name = case.person.full_name

    sign_in(page, link_worker)
    page.goto("/caseload/")
    assert_nhs_styles_loaded(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    row = page.locator("#caseload tbody tr").filter(has_text=case.reference)
    expect(row).to_contain_text(name)
    expect(row).to_contain_text(day(was_due))
    expect(row).to_contain_text("Overdue")

    # A phone call today, straight from the caseload.
    row.get_by_role("link", name=f"Log a contact with {name}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log a contact")
    page.fill("#id_date_day", str(today.day))
    page.fill("#id_date_month", str(today.month))
    page.fill("#id_date_year", str(today.year))
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("radio", name="Telephone").check()
    page.fill("#id_what_happened", "Rang to talk about the walking group")
    page.fill("#id_what_agreed", "Try the group on Saturday")
    press(page, "Save contact")

    # The case page: the contact is there and the next due date has moved on.
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Contact logged")
    expect(page.locator("#contacts")).to_contain_text("Rang to talk about the walking group")
    expect(summary_row(page, "Next contact due")).to_have_text(day(will_be_due, "%-d %B %Y"))
    expect(summary_row(page, "Contacts that connected")).to_have_text("2")

    # Back on the caseload the row shows it too, no longer overdue.
    page.get_by_role("link", name="Back to your caseload").click()
    row = page.locator("#caseload tbody tr").filter(has_text=case.reference)
    expect(row).to_contain_text(day(will_be_due))
    expect(row).to_contain_text(day(today))  # the last contact
    expect(row).not_to_contain_text("Overdue")

    # They close the case: first forgetting the summary.
    row.get_by_role("link", name=name, exact=True).click()
    page.get_by_role("link", name="Close this case").click()
    page.get_by_role("radio", name="Linked into community activity").check()
    press(page, "Close case")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(["Enter a closing summary"])
    expect(page.get_by_role("radio", name="Linked into community activity")).to_be_checked()
    page.fill("#id_summary", "Goes to the walking group every Saturday")
    press(page, "Close case")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Case closed")
    expect(summary_row(page, "Stage")).to_have_text("Closed")
    expect(summary_row(page, "Reason")).to_have_text("Linked into community activity")
    page.get_by_role("link", name="Message back to the GP", exact=True).click()
    expect(page.locator("main")).to_contain_text("Goes to the walking group every Saturday")

    # The case has left the caseload.
    page.goto("/caseload/")
    expect(page.locator("main")).to_contain_text("No open cases match.")

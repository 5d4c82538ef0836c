"""Journeys through Navigator in headless Chromium, as the people who use it."""

import re

import pytest
from playwright.sync_api import expect

from navigator.accounts.tests.factories import TEST_PASSWORD
from navigator.core.tests.browser import assert_nhs_styles_loaded, sign_in_through_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save(page) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Save").click()


def summary_row(page, key: str):
    """The value cell of the summary-list row called `key`."""
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator(".nhsuk-summary-list__key", has_text=re.compile(f"^\\s*{key}\\s*$"))
    )
    return row.locator(".nhsuk-summary-list__value")


def test_link_worker_records_a_person_and_a_manager_sees_it_in_the_audit_trail(
    page, sign_in, link_worker, manager
):
    # A link worker signs in and starts a record.
    sign_in(page, link_worker)
    assert_nhs_styles_loaded(page)
    page.get_by_role("link", name="People").first.click()
    page.get_by_role("button", name="Add a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")

    # They mistype the NHS number and the postcode.
    page.fill("#id_given_name", "Grace")
    page.fill("#id_family_name", "Hopper")
    page.fill("#id_date_of_birth_day", "9")
    page.fill("#id_date_of_birth_month", "12")
    page.fill("#id_date_of_birth_year", "1956")
    page.fill("#id_nhs_number", "943 476 5918")
    page.fill("#id_postcode", "LS99 ZZZ")
    page.fill("#id_phone", "0113 496 0000")
    page.check("#id_preferred_contact_method")  # the first option: phone call
    page.check("#id_consent_to_hold")
    page.check("#id_consent_method-3")  # verbally
    save(page)

    # The error summary comes first, takes the focus and links to each field in error.
    expect(page).to_have_title(re.compile("^Error: Add a person"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    first_in_main = page.locator("main .nhsuk-grid-column-two-thirds > *").first
    expect(first_in_main).to_have_class(re.compile("nhsuk-error-summary"))
    nhs_number_error = summary.get_by_role("link", name="This is not a valid NHS number")
    expect(nhs_number_error).to_have_attribute("href", "#id_nhs_number")
    expect(summary.get_by_role("link", name="Enter a real UK postcode")).to_have_attribute(
        "href", "#id_postcode"
    )
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(page.locator("#id_postcode-error")).to_contain_text("Enter a real UK postcode")

    # What they typed is still there.
    expect(page.locator("#id_given_name")).to_have_value("Grace")
    expect(page.locator("#id_date_of_birth_day")).to_have_value("9")
    expect(page.locator("#id_date_of_birth_year")).to_have_value("1956")
    expect(page.locator("#id_nhs_number")).to_have_value("943 476 5918")
    expect(page.locator("#id_postcode")).to_have_value("LS99 ZZZ")
    expect(page.locator("#id_phone")).to_have_value("0113 496 0000")
    expect(page.locator("#id_consent_method-3")).to_be_checked()

    # Following a link in the summary puts them in the field; they correct both and save.
    nhs_number_error.click()
    expect(page.locator("#id_nhs_number")).to_be_focused()
    page.fill("#id_nhs_number", "943 476 5919")
    page.fill("#id_postcode", "ls6 2ab")
    save(page)

    # The person's page shows what was recorded.
    expect(page).to_have_url(re.compile(r"/people/\d+/$"))
    person_path = page.evaluate("() => location.pathname")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Record created for Grace Hopper"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grace Hopper")
    expect(summary_row(page, "Date of birth")).to_have_text("9 December 1956")
    expect(summary_row(page, "NHS number")).to_have_text("943 476 5919")
    expect(summary_row(page, "Address")).to_contain_text("LS6 2AB")
    expect(summary_row(page, "Phone")).to_have_text("0113 496 0000")
    expect(summary_row(page, "Prefers to be contacted by")).to_have_text("Phone call")
    expect(summary_row(page, "Agrees we hold their information")).to_have_text("Yes")

    # They change the phone number.
    page.get_by_role("link", name="Change details").click()
    expect(page.locator("#id_phone")).to_have_value("0113 496 0000")
    page.fill("#id_phone", "0113 496 0123")
    save(page)
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Changes saved")
    expect(summary_row(page, "Phone")).to_have_text("0113 496 0123")

    # They sign out; their manager signs in and opens the person's audit trail.
    page.get_by_role("link", name="Sign out").click()
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/sign-in/"))
    sign_in(page, manager)
    page.goto(person_path)
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grace Hopper")

    events = page.locator("main tbody tr")
    created = events.filter(has_text="Created")
    expect(created).to_have_count(1)
    expect(created).to_contain_text(str(link_worker))
    expect(created).to_contain_text("943 476 5919")
    changed = events.filter(has_text="Changed")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text(str(link_worker))
    expect(changed.locator("dt")).to_have_text(["Phone"])
    expect(changed.locator("dd")).to_have_text("0113 496 0000 → 0113 496 0123")
    viewed = events.filter(has_text="Viewed")
    # The link worker saw the record after creating it, opened it to change it and saw it
    # after saving; the manager has just seen it too.
    expect(viewed.filter(has_text=str(link_worker))).to_have_count(3)
    expect(viewed.filter(has_text=str(manager)).first).to_be_visible()


def test_signing_in_with_a_wrong_password_shows_an_error_summary(page, link_worker):
    sign_in_through_form(page, link_worker.username, "not the password")

    expect(page).to_have_url(re.compile("/sign-in/$"))
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page.locator("#id_username")).to_have_value(link_worker.username)
    expect(page.locator("#id_password")).to_have_value("")

    # The right password then works.
    page.fill("#id_password", TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

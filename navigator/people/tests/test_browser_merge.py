"""Merging in headless Chromium: a link worker flags a duplicate, a manager merges from the
task, the kept record shows the duplicate's outcome measure, and the duplicate's page now only
points to the kept record."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from navigator.outcomes.tests.helpers import ONS4_BASELINE, completed
from navigator.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BORN = datetime.date(1944, 8, 21)


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def test_a_flagged_duplicate_is_merged_with_everything_it_held(
    page, sign_in, link_worker, manager, organisation
):
    kept = PersonFactory(
        organisation=organisation,
        given_name="Philippa",
        family_name="Quartermaine",
        date_of_birth=BORN,
    )
    duplicate = PersonFactory(
        organisation=organisation,
        given_name="Pippa",
        family_name="Quartermaine",
        date_of_birth=BORN,
    )
    ons4 = completed(duplicate, link_worker, ONS4_BASELINE)

    # The link worker notices the second record and tells a manager.
    sign_in(page, link_worker)
    page.goto(reverse("people:detail", args=[kept.pk]))
    page.get_by_role("link", name="Tell a manager this person may have another record").click()
    page.get_by_role("link", name="Choose Pippa Quartermaine", exact=False).click()
    page.fill("#id_details", "Pippa is what she likes to be called")
    press(page, "Ask a manager to check")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("service manager")

    # The manager sees the task on the home page and merges from it.
    page.context.clear_cookies()
    sign_in(page, manager)
    expect(page.get_by_role("link", name="Tasks (1 to do)")).to_be_visible()
    page.get_by_role("link", name="Tasks (1 to do)").click()
    page.get_by_role("link", name="Record what was decided").click()
    page.get_by_role("link", name="Compare Philippa Quartermaine's record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge these records?")
    expect(page.locator("main")).to_contain_text("Outcome measures")
    page.get_by_label("Yes, I am sure").check()
    press(page, "Merge records")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Records merged")

    # The duplicate's ONS4 is now among the kept record's outcome measures.
    page.goto(reverse("outcomes:person", args=[kept.pk]))
    expect(
        page.locator(f"a[href='{reverse('outcomes:administration', args=[ons4.pk])}']")
    ).to_have_count(1)

    # The duplicate's address points to the kept record and offers nothing to change.
    page.goto(reverse("people:edit", args=[duplicate.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("This record has been merged")
    expect(page.locator("main form")).to_have_count(0)
    page.get_by_role("link", name="Go to Philippa Quartermaine's record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Philippa Quartermaine")
    page.goto(reverse("plans:tasks"))
    expect(page.locator("main")).to_contain_text("The records were merged")

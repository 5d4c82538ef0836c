"""A link worker records an assessment and a support plan, then opens the PDF, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from navigator.core.tests.browser import assert_nhs_styles_loaded
from navigator.people.tests.factories import FamilyMemberFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def test_link_worker_records_an_assessment_and_a_plan_and_opens_the_pdf(page, sign_in, link_worker):
    person = PersonFactory(organisation=link_worker.organisation, given_name="Ada")
    FamilyMemberFactory(person=person, name="Chidi Okafor", relationship="Son")
    sign_in(page, link_worker)
    page.goto(f"/people/{person.pk}/plan/")
    assert_nhs_styles_loaded(page)
    expect(page.get_by_text("has no support plan yet")).to_be_visible()

    # The assessment: first "somewhere else" without saying where.
    page.get_by_role("link", name="Record an assessment").click()
    page.get_by_role("radio", name="Somewhere else").check()
    page.get_by_label("Chidi Okafor (Son)").check()
    page.fill("#id_what_matters", "Getting out of the house again")
    page.get_by_label("Social connection: rating").fill("8")
    press(page, "Save assessment")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(["Enter where the assessment took place"])
    expect(page.locator("#id_what_matters")).to_have_value("Getting out of the house again")
    expect(page.get_by_label("Social connection: rating")).to_have_value("8")
    page.fill("#id_setting_other", "The library")
    press(page, "Save assessment")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assessment")
    expect(page.locator("main")).to_contain_text("The library")
    expect(page.locator("main")).to_contain_text("Chidi Okafor")

    # The plan: saving with no goal says so at the field.
    page.get_by_role("link", name=re.compile("Back to Ada")).click()
    page.get_by_role("link", name="Make a support plan").click()
    page.get_by_label("Said so in person").check()
    page.get_by_role("radio", name=re.compile("^Medium")).check()
    press(page, "Save plan")
    expect(page.locator("#id_goal_1_words-error")).to_contain_text("Enter at least one goal")
    page.fill("#id_goal_1_words", "I want to join a walking group")
    page.fill("#id_goal_1_baseline", "2")
    page.fill("#id_star_0", "3")
    page.fill("#id_activity_1_name", "Headingley walking group")
    page.fill("#id_activity_1_when", "Saturdays at 10am")
    page.fill("#id_activity_1_where", "Headingley station")
    page.fill("#id_activity_1_contact", "Jo, 0113 496 0002")
    press(page, "Save plan")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Support plan saved")
    expect(page.locator("#goal-table")).to_contain_text("I want to join a walking group")
    expect(page.locator("#star-table")).to_be_visible()

    # The PDF link gives the person's copy.
    link = page.get_by_role("link", name='"My support plan" as a PDF')
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

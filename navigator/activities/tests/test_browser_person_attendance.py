"""The person, on a phone-sized window, opens the link e-mailed a week after their first
session, says it was moved and gives the new date; the link worker sees the new date and the
answer in the activity referral's history. The link then refuses."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from navigator.activities.services import ask_person_about_attendance
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.core.tests.browser import assert_nhs_styles_loaded
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.models import ContactMethod
from navigator.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
LINK = re.compile(r"https?://[^/\s]+(/activities/did-you-go/[\w-]+/)")


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def test_a_person_says_on_their_phone_that_the_session_moved(
    page, browser, live_server, sign_in, link_worker
):
    person = PersonFactory(
        organisation=link_worker.organisation,
        email="sam@example.org",
        preferred_contact_method=ContactMethod.EMAIL,
    )
    activity_referral = ActivityReferralFactory(
        person=person,
        made_by=link_worker,
        status="accepted",
        service=ServiceFactory(name="Knit and natter"),
        planned_first_session=timezone.now() - datetime.timedelta(days=8),
    )
    assert ask_person_about_attendance(activity_referral=activity_referral)
    address = LINK.search(mail.outbox[-1].body).group(1)

    person_page = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    person_page.set_viewport_size(PHONE)
    person_page.goto(address)
    assert_nhs_styles_loaded(person_page)
    expect(person_page.get_by_role("heading", level=1)).to_contain_text(
        "Did you go to Knit and natter on"
    )
    expect(person_page.locator("main")).not_to_contain_text(person.given_name)
    assert person_page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    new_date = timezone.localdate() + datetime.timedelta(days=6)
    person_page.get_by_role("radio", name="It has been moved to another date").check()
    person_page.get_by_label("Day").fill(str(new_date.day))
    person_page.get_by_label("Month").fill(str(new_date.month))
    person_page.get_by_label("Year").fill(str(new_date.year))
    press(person_page, "Send my answer")
    expect(person_page.locator(".nhsuk-panel")).to_contain_text("Thank you")
    person_page.goto(address)
    expect(person_page.get_by_role("heading", level=1)).to_have_text(
        "This link has already been used"
    )
    person_page.context.close()

    sign_in(page, link_worker)
    page.goto(reverse("activities:detail", args=[activity_referral.pk]))
    expect(page.locator("main table")).to_contain_text(
        f"Says the first session has moved to {new_date:%-d %B %Y}"
    )
    expect(page.locator("main table")).to_contain_text("The person, by secure link")
    expect(page.locator("main dl")).to_contain_text(f"{new_date:%-d %B %Y}")

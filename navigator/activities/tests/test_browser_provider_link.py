"""From suggestion to attendance in headless Chromium: a link worker opens the suggestions
for a person, refers them to the top one; the provider, who has no login, accepts and then
confirms attendance through the e-mailed links; the link worker sees them attending."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from navigator.directory.tests.factories import PostcodeFactory, ScheduleFactory, service_at
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^/\s]+(/activities/provider/[\w-]+/(?:attendance/)?)")


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def test_suggestion_to_referral_to_attendance(page, browser, live_server, sign_in, link_worker):
    PostcodeFactory(postcode="LS6 2AB", latitude=53.82, longitude=-1.576)
    person = PersonFactory(
        organisation=link_worker.organisation, postcode="LS6 2AB", consent_to_share=True
    )
    make_plan(
        person,
        user=link_worker,
        goals=[
            {
                "words": "Get out walking in the fresh air",
                "baseline_rating": 2,
                "good_looks_like": "",
                "next_steps": "",
                "who_helps": "",
            }
        ],
    )
    walking = service_at(
        "LS6 1AA",
        53.827,
        -1.576,
        name="Meanwood walking group",
        keywords="walk",
        email="walks@example.org",
        is_free=True,
    )
    ScheduleFactory(service=walking, weekday=1, opens_at=datetime.time(10, 0))
    service_at("LS6 1AB", 53.83, -1.576, name="Fresh air art class", keywords="painting")

    sign_in(page, link_worker)
    page.goto(f"/activities/people/{person.pk}/")
    page.get_by_role("button", name="Suggested activities").click()
    first = page.locator(".nhsuk-card").first
    expect(first).to_contain_text("1. Meanwood walking group")
    expect(first).to_contain_text("matches the goal ‘Get out walking in the fresh air’")
    expect(first).to_contain_text("0.5 miles away")
    first.get_by_role("button", name="Refer to Meanwood walking group").click()
    page.fill("#id_reason", "Getting out more")
    press(page, "Send the referral")
    expect(page.locator("main")).to_contain_text("Sent")

    provider = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    provider.goto(LINK.search(mail.outbox[-1].body).group(1))
    expect(provider.locator("main")).to_contain_text("Getting out more")
    expect(provider.locator("main")).not_to_contain_text(person.family_name)
    provider.get_by_role("radio", name="Accept: they can come").check()
    press(provider, "Send your answer")
    expect(provider.locator("h1")).to_contain_text("Thank you")

    provider.goto(LINK.search(mail.outbox[-1].body).group(1))
    provider.get_by_role("radio", name="Yes, they came").check()
    press(provider, "Send your answer")
    expect(provider.locator("main")).to_contain_text("Attending")
    provider.context.close()

    page.reload()
    expect(page.locator("main dl")).to_contain_text("Attending")
    expect(page.locator("main table")).to_contain_text("by secure link")

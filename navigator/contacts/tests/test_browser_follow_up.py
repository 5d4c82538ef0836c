"""A closed case's follow-up in headless Chromium: seen with its date, moved, cancelled,
scheduled again, and gone from the caseload once the case is reopened."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from navigator.audit.context import Actor, acting_as
from navigator.contacts import services
from navigator.contacts.tests.helpers import allocated_through_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def test_a_link_worker_moves_cancels_and_reschedules_a_follow_up(
    page, sign_in, link_worker, organisation
):
    case = allocated_through_services(organisation, link_worker)
    with acting_as(Actor(user=link_worker)):
        services.close_case(referral=case, reason="goals_met", summary="Walking weekly")
    due = timezone.localdate() + datetime.timedelta(days=90)
    moved = timezone.localdate() + datetime.timedelta(days=20)

    sign_in(page, link_worker)
    page.goto(reverse("contacts:case", args=[case.pk]))
    expect(page.locator("main")).to_contain_text(f"Due {due.strftime('%A %-d %B %Y')}")
    page.get_by_role("link", name="Change the follow-up date").click()
    page.fill("#id_due_on_day", str(moved.day))
    page.fill("#id_due_on_month", str(moved.month))
    page.fill("#id_due_on_year", str(moved.year))
    press(page, "Save the date")
    expect(page.locator("main")).to_contain_text(f"Due {moved.strftime('%A %-d %B %Y')}")

    page.get_by_role("link", name="Cancel the follow-up").click()
    press(page, "Cancel the follow-up")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Follow-up cancelled")
    expect(page.get_by_role("link", name="Schedule a follow-up")).to_be_visible()

"""Breaking the glass in headless Chromium: a link worker the restriction does not name finds
the record in the people list, is told it is restricted, is refused without a reason, and
sees the record once they give one; the access is audited and waits on the managers' tasks."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory
from navigator.restrictions.models import BreakGlass
from navigator.restrictions.tests.factories import RestrictionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Collapsed in reception; we need her next of kin"


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def test_a_link_worker_breaks_the_glass_with_a_reason(
    page, sign_in, link_worker, manager, organisation
):
    named = UserFactory(organisation=organisation, role=Role.LINK_WORKER, username="named")
    grace = PersonFactory(organisation=organisation, given_name="Grace", family_name="Hopper")
    RestrictionFactory(person=grace, named_staff=[named], restricted_by=manager)

    sign_in(page, link_worker)
    page.goto(reverse("people:list"))
    row = page.get_by_role("row", name=re.compile("Grace Hopper"))
    expect(row).to_contain_text("Restricted")
    expect(row).to_contain_text("Only named staff can see this record")
    row.get_by_role("link", name="Grace Hopper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Hopper's record is restricted")

    # No reason, no access.
    press(page, "Break the glass and see the record")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Say why you need to see this record now"
    )
    assert not BreakGlass.objects.exists()

    page.get_by_label("Why do you need to see this record now?").fill(REASON)
    press(page, "Break the glass and see the record")
    expect(page).to_have_url(re.compile(reverse("people:detail", args=[grace.pk]) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grace Hopper")

    event = AuditEvent.objects.get(action=AuditEvent.Action.BROKE_GLASS)
    assert (event.actor, event.person_id, event.changes) == (
        link_worker,
        grace.pk,
        {"reason": [None, REASON]},
    )
    access = BreakGlass.objects.get()
    assert (access.user, access.person, access.reason, access.reviewed_at) == (
        link_worker,
        grace,
        REASON,
        None,
    )

    # The manager finds it on their task list.
    page.context.clear_cookies()
    sign_in(page, manager)
    page.goto(reverse("plans:tasks"))
    expect(page.locator("main")).to_contain_text(
        "Emergency access to a restricted record: Grace Hopper"
    )
    page.get_by_role("link", name=re.compile("^Review it")).click()
    expect(page.locator("main")).to_contain_text(REASON)

"""The Navigator Link Worker Model walked through in Chromium, through the rendered pages, role
by role, filling forms as a person does; what is stored is checked after each step.

Steps so far: a person refers themselves (ticking several reasons and unticking one), the
manager triages, accepts and allocates, and the link worker records the assessment (ticking
family members who were there and unticking one). The later steps (plan, activity referral,
the provider's answer, contacts, outcomes, closure) are to follow.
"""

import re

import pytest
from playwright.sync_api import expect

from navigator.people.tests.factories import FamilyMemberFactory
from navigator.plans.models import Assessment
from navigator.referrals.models import Referral
from navigator.referrals.services import seed_reasons
from navigator.referrals.states import State
from navigator.referrals.tests.test_self_referral_helpers import (
    START,
    forget_submissions,
    make_catchment,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def refer_themselves(page) -> Referral:
    page.goto(START)
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Lindqvist")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("1952")
    page.get_by_label("Postcode").fill("LS7 3EF")
    page.get_by_label("Phone number (optional)").fill("0113 496 0000")
    for reason in ("Loneliness or isolation", "Housing", "Bereavement"):
        page.get_by_label(reason).check()
    page.get_by_label("Housing").uncheck()
    page.get_by_label("I agree to a social prescribing service").check()
    press(page, "Send")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request has been sent")
    return Referral.objects.get(reference=page.locator("#reference").inner_text())


def triage_accept_allocate(page, referral: Referral, link_worker) -> None:
    page.goto("/referrals/")
    page.get_by_role("link", name=re.compile(referral.reference)).click()
    press(page, "Create a new record")
    page.get_by_role("link", name="Accept").click()
    press(page, "Accept referral")
    page.get_by_role("link", name="Allocate to a link worker").click()
    page.get_by_label(re.compile(f"{link_worker} – ")).check()
    press(page, "Allocate")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("allocated")


def record_assessment(page, person) -> None:
    page.goto(f"/people/{person.pk}/assessments/new/")
    page.get_by_label("The person's home").check()
    page.get_by_label("What matters to me").fill("Getting out to meet people again")
    page.get_by_label("Chidi Okafor (Son)").check()
    page.get_by_label("Ngozi Okafor (Daughter)").check()
    page.get_by_label("Chidi Okafor (Son)").uncheck()
    press(page, "Save assessment")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assessment")


def test_the_whole_model_through_the_pages(page, sign_in, organisation, manager, link_worker):
    forget_submissions()
    make_catchment(organisation, "LS7")
    seed_reasons(organisation=organisation)

    # A person refers themselves: every reason ticked is kept, the one unticked is not.
    referral = refer_themselves(page)
    assert referral.organisation == organisation
    assert referral.state == State.RECEIVED
    assert sorted(referral.reasons.values_list("name", flat=True)) == [
        "Bereavement",
        "Loneliness or isolation",
    ]

    # The manager triages (a new record is made), accepts and allocates to the link worker.
    page.context.clear_cookies()
    sign_in(page, manager)
    triage_accept_allocate(page, referral, link_worker)
    referral.refresh_from_db()
    assert referral.state == State.ALLOCATED
    assert referral.allocated_to == link_worker
    person = referral.person
    assert (person.given_name, person.family_name, person.postcode) == (
        "Maya",
        "Lindqvist",
        "LS7 3EF",
    )

    # The link worker records the assessment; of the family, only who was there is kept.
    FamilyMemberFactory(person=person, name="Chidi Okafor", relationship="Son")
    FamilyMemberFactory(person=person, name="Ngozi Okafor", relationship="Daughter")
    page.context.clear_cookies()
    sign_in(page, link_worker)
    record_assessment(page, person)
    assessment = Assessment.objects.get(person=person)
    assert assessment.referral == referral
    assert assessment.what_matters == "Getting out to meet people again"
    assert [member.name for member in assessment.family_present.all()] == ["Ngozi Okafor"]

"""Someone refers themselves on a phone: they make a mistake, correct it, choose between two
services and get a reference; the referral is in the chosen service's queue."""

import re

import pytest
from playwright.sync_api import expect

from navigator.accounts.tests.factories import OrganisationFactory
from navigator.core.tests.browser import assert_nhs_styles_loaded
from navigator.people.tests.factories import GPPracticeFactory
from navigator.referrals.models import Referral, Transition
from navigator.referrals.services import seed_reasons
from navigator.referrals.states import State
from navigator.referrals.tests.test_self_referral_helpers import (
    START,
    forget_submissions,
    make_catchment,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def send(page) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Send").click()


def test_refer_yourself_on_a_phone(page):
    forget_submissions()
    leeds = OrganisationFactory(name="Leeds North Social Prescribing")
    east = OrganisationFactory(name="Leeds East Social Prescribing")
    make_catchment(leeds, "LS6, LS7", (GPPracticeFactory(name="Chapel Allerton Surgery"),))
    make_catchment(east, "LS7, LS9")
    seed_reasons(organisation=east)

    page.set_viewport_size(PHONE)
    page.goto(START)
    assert_nhs_styles_loaded(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Refer yourself for social prescribing"
    )
    # Nothing is wider than the phone's screen.
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]

    # They fill in the form but forget the consent box and mistype the postcode.
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Lindqvist")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("1952")
    page.get_by_label("Postcode").fill("LS7 ZZZ")
    page.get_by_label("Phone number (optional)").fill("0113 496 0000")
    page.get_by_label("Text message").check()
    page.get_by_label("Your main language (optional)").fill("Swedish")
    # "Tick all that apply": three ticked, then one changed their mind about.
    for reason in ("Loneliness or isolation", "Housing", "Bereavement"):
        page.get_by_label(reason).check()
    page.get_by_label("Housing").uncheck()
    page.get_by_label("Tell us more about what you would like help with").fill(
        "<b>I would like to meet people</b>"
    )
    send(page)

    expect(page).to_have_title(re.compile("^Error: Refer yourself"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(page.get_by_label("First name")).to_have_value("Maya")
    expect(page.get_by_label("Your main language (optional)")).to_have_value("Swedish")
    expect(page.get_by_label("Loneliness or isolation")).to_be_checked()
    expect(page.get_by_label("Bereavement")).to_be_checked()
    expect(page.get_by_label("Housing")).not_to_be_checked()
    expect(page.get_by_label("Tell us more about what you would like help with")).to_have_value(
        "<b>I would like to meet people</b>"
    )

    # The summary's link takes them to the postcode; they correct it and agree.
    summary.get_by_role("link", name=re.compile("Enter a real UK postcode")).click()
    expect(page.get_by_label("Postcode")).to_be_focused()
    page.get_by_label("Postcode").fill("ls7 3ef")
    page.get_by_label("I agree to a social prescribing service").check()
    send(page)

    # Two services cover LS7: they are asked to choose, first on the page.
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("More than one service covers where you live")
    summary.get_by_role("link").click()
    page.get_by_label("Leeds East Social Prescribing").check()
    send(page)

    # The acknowledgement: their reference, what happens next, nothing they typed.
    expect(page).to_have_url(re.compile("/refer-yourself/sent/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request has been sent")
    reference = page.locator("#reference").inner_text()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    main = page.locator("main").inner_text()
    for typed in ("Maya", "Lindqvist", "LS7", "0113"):
        assert typed not in main

    referral = Referral.objects.get(reference=reference)
    assert referral.organisation == east
    assert referral.state == State.RECEIVED
    assert sorted(referral.reasons.values_list("name", flat=True)) == [
        "Bereavement",
        "Loneliness or isolation",
    ]
    assert referral.language == "Swedish"
    assert referral.reason_details.startswith("<b>I would like to meet people</b>")
    assert Transition.objects.filter(referral=referral, to_state=State.RECEIVED).count() == 1

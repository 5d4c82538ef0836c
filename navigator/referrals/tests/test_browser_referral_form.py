"""A GP refers someone through the referral form in headless Chromium: they tick two of the
reasons and untick one they ticked by mistake, give the person's main language, mistype the
NHS number and correct it, and the referral is stored as they meant it and waits in the
service's triage queue."""

import re

import pytest
from playwright.sync_api import expect

from navigator.core.tests.browser import assert_nhs_styles_loaded
from navigator.referrals.models import Referral
from navigator.referrals.states import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send(page) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Send referral").click()


def test_a_gp_refers_someone_through_the_form(page, sign_in, referrer, manager):
    sign_in(page, referrer)
    page.goto("/referrals/new/")
    assert_nhs_styles_loaded(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer someone to social prescribing")

    page.get_by_label("First name").fill("Edith")
    page.get_by_label("Last name").fill("Walker")
    page.fill("#id_date_of_birth_day", "3")
    page.fill("#id_date_of_birth_month", "2")
    page.fill("#id_date_of_birth_year", "1941")
    page.get_by_label("NHS number").fill("943 476 5918")  # one digit wrong
    page.get_by_label("Postcode").fill("ls7 3ef")
    page.get_by_label("Phone", exact=False).first.fill("0113 496 0000")
    page.get_by_label("Phone call").check()
    page.get_by_label("Their main language (optional)").fill("Polish")
    page.get_by_label("Loneliness or isolation").check()
    page.get_by_label("Housing").check()
    page.get_by_label("Bereavement").check()
    page.get_by_label("Bereavement").uncheck()  # ticked by mistake
    page.get_by_label("Routine").check()
    page.get_by_label("The person agrees to be referred to social prescribing").check()
    page.get_by_label("Verbally, with the consent script read out").check()
    send(page)

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("This is not a valid NHS number")
    # What they typed and ticked is still there.
    expect(page.get_by_label("Their main language (optional)")).to_have_value("Polish")
    expect(page.get_by_label("Loneliness or isolation")).to_be_checked()
    expect(page.get_by_label("Housing")).to_be_checked()
    expect(page.get_by_label("Bereavement")).not_to_be_checked()
    page.get_by_label("NHS number").fill("943 476 5919")
    send(page)

    expect(page).to_have_url(re.compile("/referrals/sent/"))
    referral = Referral.objects.get()
    expect(page.locator("main")).to_contain_text(referral.reference)
    assert (referral.given_name, referral.family_name) == ("Edith", "Walker")
    assert referral.nhs_number == "9434765919"
    assert referral.postcode == "LS7 3EF"
    assert referral.language == "Polish"
    assert sorted(reason.name for reason in referral.reasons.all()) == [
        "Housing",
        "Loneliness or isolation",
    ]
    assert referral.consent_method == "verbal" and referral.consent_given_at is not None
    assert referral.state == State.RECEIVED

    # It waits in the service's triage queue, where its language is shown.
    page.get_by_role("link", name="Sign out").click()
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign out").click()
    sign_in(page, manager)
    page.goto("/referrals/")
    page.get_by_role("link", name=re.compile(referral.reference)).click()
    expect(page.locator("main")).to_contain_text("Polish")

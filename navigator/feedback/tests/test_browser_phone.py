"""A person opens the feedback link from their e-mail on a phone (375 by 667 pixels), first
misses a question, then answers, and cannot answer a second time."""

import pytest
from playwright.sync_api import expect

from navigator.core.tests.browser import assert_nhs_styles_loaded, axe_violations
from navigator.feedback.models import FeedbackResponse
from navigator.feedback.tests.helpers import closed_case, give_url, send_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 667}


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def fits_the_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_person_answers_from_the_link_on_a_phone(page, organisation, link_worker):
    case = closed_case(organisation, link_worker)
    sent = send_link(case, link_worker)
    page.set_viewport_size(PHONE)

    page.goto(give_url(sent.token))
    assert_nhs_styles_loaded(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tell us about your experience")
    expect(page.locator("main")).to_contain_text("Leeds North Social Prescribing")
    expect(page.locator("body")).not_to_contain_text(case.person.family_name)
    assert fits_the_width(page)

    # The FFT question left out: a message at the top says so, and what was typed is kept.
    page.get_by_role("radio", name="I am the person who was supported").check()
    page.get_by_label("What went well?").fill("Someone listened and helped me join a choir")
    press(page, "Send your answers")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Select how your experience of our service was")
    expect(page.get_by_label("What went well?")).to_have_value(
        "Someone listened and helped me join a choir"
    )
    assert fits_the_width(page)
    assert not FeedbackResponse.objects.exists()

    summary.get_by_role("link").click()
    page.get_by_role("radio", name="Very good").check()
    page.get_by_label("What could we do better?").fill("Evening appointments")
    page.get_by_role("checkbox", name="Do not show my name with my answers").check()
    press(page, "Send your answers")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    assert fits_the_width(page)
    assert axe_violations(page) == []
    saved = FeedbackResponse.objects.get()
    assert (saved.fft_answer, saved.respondent, saved.anonymous) == ("very_good", "person", True)
    assert saved.went_well == "Someone listened and helped me join a choir"
    assert saved.could_be_better == "Evening appointments"

    # Back to the e-mail's link later: it has been used.
    page.goto(give_url(sent.token))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    assert FeedbackResponse.objects.count() == 1

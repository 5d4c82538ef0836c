"""A person answers a questionnaire from a link on a phone-sized window: answers some
questions, saves, comes back to the same link later, finishes; the link then refuses."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from navigator.audit.context import Actor, acting_as
from navigator.core.tests.browser import assert_nhs_styles_loaded
from navigator.outcomes import services
from navigator.outcomes.models import Administration, Score, Status
from navigator.outcomes.tests.helpers import started
from navigator.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name).click()


def test_a_person_answers_on_their_phone_in_two_sittings(page, link_worker):
    person = PersonFactory(organisation=link_worker.organisation)
    administration = started(person, link_worker, "loneliness", "review")
    with acting_as(Actor(user=link_worker)):
        issued = services.send_questionnaire_link(
            administration=administration, created_by=link_worker
        )
    address = reverse("outcomes:questionnaire", kwargs={"token": issued.token})
    page.set_viewport_size(PHONE)

    page.goto(address)
    assert_nhs_styles_loaded(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Loneliness: three questions (ONS)")
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role(
        "group", name="How often do you feel that you lack companionship?"
    ).get_by_label("Often", exact=True).check()
    press(page, "Save and finish later")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your answers are saved")

    # Later, from the same link: the first answer is still there.
    page.goto(address)
    companionship = page.get_by_role(
        "group", name="How often do you feel that you lack companionship?"
    )
    expect(companionship.get_by_label("Often", exact=True)).to_be_checked()
    page.get_by_role("group", name="How often do you feel left out?").get_by_label(
        "Some of the time"
    ).check()
    page.get_by_role("group", name="How often do you feel isolated from others?").get_by_label(
        "Hardly ever or never"
    ).check()
    page.get_by_label("Someone helped me answer").check()
    press(page, "Send my answers")
    expect(page.locator(".nhsuk-panel")).to_contain_text("Thank you")

    administration = Administration.objects.get(pk=administration.pk)
    assert administration.status == Status.COMPLETE
    assert administration.answered_how == "with_help"
    assert Score.objects.get(administration=administration).value == 6

    page.goto(address)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")

"""The public self-referral pages in the accessibility scan, as a member of the public sees
them: the form, its error states, the outcomes of routing and the acknowledgement."""

from django.core.cache import cache

from navigator.accounts.tests.factories import OrganisationFactory
from navigator.core.tests.test_accessibility import ANONYMOUS, Page, World, submit
from navigator.people.models import GPPractice
from navigator.referrals.public_views import SELF_REFERRALS, SUBMISSIONS_PER_HOUR
from navigator.referrals.tests.test_self_referral_helpers import (
    START,
    TEST_CLIENT_ADDRESS,
    forget_submissions,
    make_catchment,
)

ERRORS = ".nhsuk-error-summary"


def build(world: World) -> dict:
    practice = GPPractice.objects.get(ods_code="B86001")
    make_catchment(world.organisation, "LS6, LS7", (practice,))
    make_catchment(OrganisationFactory(name="Leeds East Social Prescribing"), "LS7, LS9")
    forget_submissions(TEST_CLIENT_ADDRESS)
    return {}


def fill_in(page, postcode: str = "LS6 2AB") -> None:
    page.fill("#id_given_name", "Maya")
    page.fill("#id_family_name", "Lindqvist")
    page.fill("#id_date_of_birth_day", "3")
    page.fill("#id_date_of_birth_month", "11")
    page.fill("#id_date_of_birth_year", "1952")
    page.fill("#id_postcode", postcode)
    page.fill("#id_phone", "0113 496 0000")
    page.check("#id_reasons")
    page.check("#id_consent")


def send(page) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Send").click()


def send_from(postcode: str):
    def action(page, world: World) -> None:
        fill_in(page, postcode)
        send(page)

    return action


def send_a_referral(page, world: World) -> None:
    page.goto(START)
    send_from("LS6 2AB")(page, world)


def use_up_the_limit(page, world: World) -> None:
    cache.set(SELF_REFERRALS.key(TEST_CLIENT_ADDRESS), SUBMISSIONS_PER_HOUR, 3600)


PAGES = [
    Page("self_referral:start", ANONYMOUS),
    Page(
        "self_referral:start",
        ANONYMOUS,
        state="submitted empty",
        then=submit("Send"),
        expect=ERRORS,
    ),
    Page(
        "self_referral:start",
        ANONYMOUS,
        state="two services cover the area",
        then=send_from("LS7 3EF"),
        expect="#id_service",
    ),
    Page(
        "self_referral:start",
        ANONYMOUS,
        state="no service for the area",
        then=send_from("HX7 5AB"),
        expect="h1",
    ),
    Page(
        "self_referral:start",
        ANONYMOUS,
        state="too many requests",
        before=use_up_the_limit,
        then=send_from("LS6 2AB"),
        status=429,
        expect="h1",
    ),
    Page("self_referral:sent", ANONYMOUS, before=send_a_referral, expect="#reference"),
]

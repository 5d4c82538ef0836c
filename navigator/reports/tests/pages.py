"""Rows of the accessibility scan (navigator/core/tests/test_accessibility.py) for every
report page, as a manager and as a commissioner of a funded service."""

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory
from navigator.core.tests.test_accessibility import MANAGER, Page, World
from navigator.feedback.models import FeedbackResponse
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.states import State
from navigator.reports.selectors import SECTIONS
from navigator.reports.tests.helpers import at, referral, scored

COMMISSIONER = Role.COMMISSIONER


def build(world: World) -> dict:
    funded = OrganisationFactory(name="Reports: a funded service")
    world.organisation.funds.add(funded)
    for organisation in (world.organisation, funded):
        for days in range(7):
            referral(
                organisation,
                received=days,
                state=State.CLOSED,
                first_contact_at=days + 2,
                assessed_at=days + 5,
                closed_at=days + 60,
            )
        waiting = referral(organisation, state=State.WAITING, waiting_since=3)
        for fft in ("very_good", "good", "good", "poor", "neither", "very_good"):
            FeedbackResponse.objects.create(
                organisation=organisation,
                referral=waiting,
                respondent="person",
                fft_answer=fft,
                channel="staff",
                occasion="other",
                submitted_at=at(20),
                went_well="The walking group",
            )
        for change in (1, 2, 3, 4, 5, 6):
            person = PersonFactory(organisation=organisation)
            scored(person, "baseline", "swemwbs_metric", 20, days=0)
            scored(person, "closure", "swemwbs_metric", 20 + change, days=60)
    return {}


def section(slug: str):
    return lambda world: {"slug": slug}


PAGES = [
    Page("reports:index", MANAGER),
    Page("reports:commissioned_index", COMMISSIONER),
    *(Page("reports:section", MANAGER, section(slug), state=slug) for slug in SECTIONS),
    *(
        Page("reports:commissioned_section", COMMISSIONER, section(slug), state=slug)
        for slug in SECTIONS
    ),
]

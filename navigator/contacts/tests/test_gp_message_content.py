"""The message back to the GP says what actually happened: the activity referrals made and
how each ended, each goal's start and latest rating, and the change in the outcome measures
recorded, on the page and in the PDF."""

import pytest
from django.urls import reverse

from navigator.activities.states import Status
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts import services
from navigator.contacts.models import GPMessage
from navigator.contacts.tests.helpers import allocated_through_services, log
from navigator.core.tests.pdf import pdf_text
from navigator.directory.tests.factories import ServiceFactory
from navigator.outcomes.tests.helpers import ONS4_BASELINE, ONS4_LATER, completed
from navigator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


def closed_case(organisation, worker):
    case = allocated_through_services(organisation, worker)
    log(case, worker)
    person = case.person
    make_plan(  # its free-text activity is what was planned, not what was done
        person,
        user=worker,
        goals=[
            {"words": "Walk to the shops", "baseline_rating": 3},
            {"words": "Join a choir", "baseline_rating": 2},
        ],
        activities=[{"name": "Zorblax social club", "when": "", "where": "", "contact": ""}],
    )
    completed(person, worker, ONS4_BASELINE)
    completed(person, worker, ONS4_LATER, time_point="review")
    completed(person, worker, {"goal_1": 6, "goal_2": 5}, code="goals", time_point="review")
    for service, status in [
        ("Meanwood walking group", Status.IN_PROGRESS),
        ("Chapel Allerton choir", Status.REJECTED),
        ("Citizens Advice Leeds", Status.SIGNPOSTED),
    ]:
        ActivityReferralFactory(
            person=person,
            case=case,
            made_by=worker,
            service=ServiceFactory(name=service),
            status=status,
        )
    with acting_as(Actor(user=worker)):
        services.close_case(referral=case, reason="goals_met", summary="Walks every day")
    return case


EXPECTED = [
    "Meanwood walking group: attending",
    "Chapel Allerton choir: rejected",
    "Signposted to Citizens Advice Leeds",
    "Walk to the shops: from 3 out of 10 at the start to 6 at the latest, up 3 points",
    "Join a choir: from 2 out of 10 at the start to 5 at the latest, up 3 points",
    "Life satisfaction: from 4 at the baseline to 7 at the latest, up 3 points (better)",
    "Anxiety yesterday: from 7 at the baseline to 3 at the latest, down 4 points (better)",
]


def test_the_message_says_what_was_done_and_what_changed(
    organisation, link_worker, signed_in
) -> None:
    case = closed_case(organisation, link_worker)
    client = signed_in(link_worker)

    page = client.get(reverse("contacts:gp_message", kwargs={"pk": case.pk})).content.decode()
    text = " ".join(page.split())
    for expected in EXPECTED:
        assert expected in text
    assert "Zorblax" not in text

    pdf = client.get(reverse("contacts:gp_message_pdf", kwargs={"pk": case.pk})).content
    letter = pdf_text(pdf)
    for expected in EXPECTED:
        assert expected in letter

    content = GPMessage.objects.get(referral=case).content
    assert content["support_offered"]["activities"][0] == {
        "service": "Meanwood walking group",
        "status": "Attending",
        "signposted": False,
    }
    assert content["outcomes"]["goals"][0] == {
        "goal": "Walk to the shops",
        "start": "3",
        "latest": "6",
        "change": "up 3 points — a meaningful improvement",
    }


def test_a_goal_not_yet_rated_shows_its_start(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    make_plan(
        case.person, user=link_worker, goals=[{"words": "Join a choir", "baseline_rating": 2}]
    )
    with acting_as(Actor(user=link_worker)):
        services.close_case(referral=case, reason="goals_met", summary="Sings")

    page = signed_in(link_worker).get(reverse("contacts:gp_message", kwargs={"pk": case.pk}))
    assert "Join a choir: from 2 out of 10 at the start</li>" in page.content.decode()
    assert "No activity referrals were made" in page.content.decode()

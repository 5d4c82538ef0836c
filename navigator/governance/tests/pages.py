"""Rows of the accessibility scan for the information governance pages: the subject access
page with notes to check, the destruction review with records due and held, and their forms
with errors."""

import datetime

from django.utils import timezone

from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.core.tests.test_accessibility import EMPTY, ERRORS, MANAGER, Page, World, submit
from navigator.governance.models import ReviewStatus
from navigator.governance.tests.factories import DestructionReviewFactory
from navigator.people.tests.factories import PersonFactory


def build(world: World) -> dict:
    ActivityReferralFactory(person=world.person, note="Her neighbour Joan will drive her")
    organisation = world.organisation
    due = DestructionReviewFactory(
        person=PersonFactory(organisation=organisation, given_name="Harold", family_name="Pim")
    )
    held = DestructionReviewFactory(
        person=PersonFactory(organisation=organisation, given_name="Edna", family_name="Rook"),
        status=ReviewStatus.HELD,
        hold_reason="A complaint about the service is still open",
        held_by=world.users[MANAGER],
        held_at=timezone.now() - datetime.timedelta(days=2),
    )
    return {"due_review": due, "held_review": held}


def review(name: str):
    return lambda world: {"pk": world.extra[name].pk}


PAGES = [
    Page("governance:index", MANAGER),
    Page("governance:retention", MANAGER),
    Page(
        "governance:retention",
        MANAGER,
        state="a number out of range",
        then=submit("Save", **{"#id_years": "0"}),
        expect=ERRORS,
    ),
    Page("governance:destruction", MANAGER),
    Page(
        "governance:destruction",
        MANAGER,
        state=EMPTY,
        then=submit("Destroy the selected records"),
        expect=ERRORS,
    ),
    Page("governance:review", MANAGER, review("due_review")),
    Page(
        "governance:review",
        MANAGER,
        review("due_review"),
        state=EMPTY,
        then=submit("Hold the record"),
        expect=ERRORS,
    ),
    Page("governance:review", MANAGER, review("held_review"), state="held"),
    Page("governance:subject_access", MANAGER, lambda world: {"pk": world.person.pk}),
]

"""Rows of the accessibility scan for restricted records and emergency access. The record
restricted here names only the manager, so the link worker meets it as a stranger would (the
people list, which is scanned too, then shows it tagged "Restricted")."""

from navigator.core.tests.test_accessibility import (
    EMPTY,
    ERRORS,
    LINK_WORKER,
    MANAGER,
    Page,
    World,
    submit,
)
from navigator.people.tests.factories import PersonFactory
from navigator.restrictions.tests.factories import BreakGlassFactory, RestrictionFactory


def build(world: World) -> dict:
    person = PersonFactory(organisation=world.organisation, given_name="Hedy", family_name="Lamarr")
    manager = world.users[MANAGER]
    restriction = RestrictionFactory(person=person, named_staff=[manager], restricted_by=manager)
    return {
        "restricted_person": person,
        "emergency_access": BreakGlassFactory(person=person),
        "restriction": restriction,
    }


def restricted(world: World) -> dict:
    return {"pk": world.extra["restricted_person"].pk}


def unrestricted(world: World) -> dict:
    return {"pk": world.other_person.pk}


def access(world: World) -> dict:
    return {"pk": world.extra["emergency_access"].pk}


PAGES = [
    Page("restrictions:list", MANAGER),
    Page("restrictions:edit", MANAGER, restricted),
    Page("restrictions:edit", MANAGER, unrestricted, state="a record not yet restricted"),
    Page(
        "restrictions:edit",
        MANAGER,
        unrestricted,
        state=EMPTY,
        then=submit("Save the restriction"),
        expect=ERRORS,
    ),
    Page("restrictions:lift", MANAGER, restricted),
    Page("restrictions:break_glass", LINK_WORKER, restricted),
    Page(
        "restrictions:break_glass",
        LINK_WORKER,
        restricted,
        state=EMPTY,
        then=submit("Break the glass and see the record"),
        expect=ERRORS,
    ),
    Page("restrictions:review", MANAGER, access),
    Page(
        "restrictions:review",
        MANAGER,
        access,
        state=EMPTY,
        then=submit("Save the review"),
        expect=ERRORS,
    ),
]

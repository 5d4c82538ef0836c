"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
restricted records and emergency access. The record restricted here names nobody who signs
in for the table, so link workers and managers meet it as others would."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row, World
from navigator.people.tests.factories import PersonFactory
from navigator.restrictions.tests.factories import BreakGlassFactory, RestrictionFactory


def build_world(organisation) -> dict:
    restriction = RestrictionFactory(person=PersonFactory(organisation=organisation))
    return {
        "restriction": restriction,
        "emergency_access": BreakGlassFactory(person=restriction.person),
    }


def restricted(world: World) -> dict:
    return {"pk": world.extra["restriction"].person_id}


ROWS: dict[str, Row] = {
    "restrictions:list": Row(Permission.MANAGE_RESTRICTIONS),
    "restrictions:edit": Row(Permission.MANAGE_RESTRICTIONS, restricted, has_object=True),
    "restrictions:lift": Row(Permission.MANAGE_RESTRICTIONS, restricted, has_object=True),
    "restrictions:break_glass": Row(Permission.BREAK_GLASS, restricted, has_object=True),
    "restrictions:review": Row(
        Permission.MANAGE_RESTRICTIONS,
        lambda world: {"pk": world.extra["emergency_access"].pk},
        has_object=True,
    ),
}

"""Rows of the permission table for telling a manager of a possible duplicate record."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row, World


def build_world(organisation) -> dict:
    return {}


def pair(world: World) -> dict:
    return {"pk": world.person.pk, "other_pk": world.other_person.pk}


ROWS: dict[str, Row] = {
    "people:flag_duplicate": Row(
        Permission.EDIT_PEOPLE, lambda world: {"pk": world.person.pk}, has_object=True
    ),
    "people:flag_duplicate_confirm": Row(Permission.EDIT_PEOPLE, pair, has_object=True),
}

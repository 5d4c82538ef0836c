"""Rows of the permission table for telling a manager of a possible duplicate record, and for
the GP practices' e-mail addresses."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row, World
from navigator.people.tests.factories import GPPracticeFactory


def build_world(organisation) -> dict:
    # GP practices are shared by the whole deployment: no organisation's own.
    return {"practice": GPPracticeFactory(ods_code="B86999")}


def pair(world: World) -> dict:
    return {"pk": world.person.pk, "other_pk": world.other_person.pk}


ROWS: dict[str, Row] = {
    "people:flag_duplicate": Row(
        Permission.EDIT_PEOPLE, lambda world: {"pk": world.person.pk}, has_object=True
    ),
    "people:flag_duplicate_confirm": Row(Permission.EDIT_PEOPLE, pair, has_object=True),
    "people:practice_list": Row(Permission.MANAGE_GP_PRACTICES),
    "people:practice_email": Row(
        Permission.MANAGE_GP_PRACTICES,
        lambda world: {"ods_code": world.extra["practice"].ods_code},
    ),
}

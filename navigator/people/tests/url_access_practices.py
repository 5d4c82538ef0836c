"""Rows of the permission table for the GP practices' e-mail addresses."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row
from navigator.people.tests.factories import GPPracticeFactory


def build_world(organisation) -> dict:
    # GP practices are shared by the whole deployment: no organisation's own.
    return {"practice": GPPracticeFactory(ods_code="B86999")}


ROWS: dict[str, Row] = {
    "people:practice_list": Row(Permission.MANAGE_GP_PRACTICES),
    "people:practice_email": Row(
        Permission.MANAGE_GP_PRACTICES,
        lambda world: {"ods_code": world.extra["practice"].ods_code},
    ),
}

"""Rows of the permission table for scheduling, moving and cancelling a follow-up (the closed
case and its follow-up come from contacts/tests/url_access.py)."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row


def build_world(organisation) -> dict:
    return {}


ROWS: dict[str, Row] = {
    "contacts:follow_up": Row(
        Permission.WORK_CASELOAD,
        lambda world: {"pk": world.extra["closed_case"].pk},
        has_object=True,
    ),
    "contacts:follow_up_cancel": Row(
        Permission.WORK_CASELOAD,
        lambda world: {"pk": world.extra["follow_up"].pk},
        has_object=True,
    ),
}

"""Rows of the permission table for a manager's task page."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row
from navigator.plans.tests.factories import ManagerTaskFactory


def build_world(organisation) -> dict:
    return {"manager_task": ManagerTaskFactory(assessment__person__organisation=organisation)}


ROWS: dict[str, Row] = {
    "plans:task": Row(
        Permission.ALLOCATE_REFERRALS,
        lambda world: {"pk": world.extra["manager_task"].pk},
        has_object=True,
    ),
}

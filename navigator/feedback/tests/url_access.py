"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
the feedback pages staff use, and the objects they need."""

from navigator.accounts.permissions import Permission, Role
from navigator.accounts.tests.factories import UserFactory
from navigator.core.tests.test_url_permissions import Row, World
from navigator.feedback.tests.helpers import closed_case, record


def build_world(organisation) -> dict:
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    case = closed_case(organisation, worker)
    record(case, worker)
    return {"feedback_case": case}


def case(world: World) -> dict:
    return {"pk": world.extra["feedback_case"].pk}


def person(world: World) -> dict:
    return {"pk": world.extra["feedback_case"].person_id}


RECORD = Permission.RECORD_OUTCOMES
ROWS: dict[str, Row] = {
    "feedback:list": Row(Permission.READ_FEEDBACK),
    "feedback:person": Row(RECORD, person, has_object=True),
    "feedback:record": Row(RECORD, case, has_object=True),
    "feedback:send_link": Row(RECORD, case, has_object=True),
}

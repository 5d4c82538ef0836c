"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
the caseload pages, and the objects they need."""

from django.utils.timezone import localdate as case_date

from navigator.accounts.permissions import Permission, Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts import services
from navigator.contacts.models import Task
from navigator.contacts.tests.helpers import allocated_through_services
from navigator.core.tests.test_url_permissions import Row, World


def build_world(organisation) -> dict:
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    case = allocated_through_services(organisation, worker)
    closed = allocated_through_services(organisation, worker)
    with acting_as(Actor(user=worker)):
        services.close_case(referral=closed, reason="goals_met", summary="Walking weekly")
        task = services.open_task(referral=case, kind=Task.Kind.NOT_ENGAGING, due_on=case_date())
    return {"case": case, "closed_case": closed, "task": task, "follow_up": closed.follow_up}


def case(world: World) -> dict:
    return {"pk": world.extra["case"].pk}


def closed(world: World) -> dict:
    return {"pk": world.extra["closed_case"].pk}


CASELOAD = Permission.WORK_CASELOAD
ROWS: dict[str, Row] = {
    "contacts:caseload": Row(CASELOAD),
    "contacts:settings": Row(Permission.ALLOCATE_REFERRALS),
    "contacts:team": Row(Permission.ALLOCATE_REFERRALS),
    "contacts:case": Row(CASELOAD, case, has_object=True),
    "contacts:log_contact": Row(CASELOAD, case, has_object=True),
    "contacts:cadence": Row(CASELOAD, case, has_object=True),
    "contacts:close": Row(CASELOAD, case, has_object=True),
    "contacts:reopen": Row(CASELOAD, closed, has_object=True),
    "contacts:gp_message": Row(CASELOAD, closed, has_object=True),
    "contacts:gp_message_pdf": Row(CASELOAD, closed, has_object=True),
    "contacts:reallocate": Row(Permission.ALLOCATE_REFERRALS, case, has_object=True),
    "contacts:task_done": Row(
        CASELOAD, lambda world: {"pk": world.extra["task"].pk}, has_object=True
    ),
    "contacts:follow_up_done": Row(
        CASELOAD, lambda world: {"pk": world.extra["follow_up"].pk}, has_object=True
    ),
    "contacts:person_cases": Row(CASELOAD, lambda world: {"pk": world.person.pk}, has_object=True),
}

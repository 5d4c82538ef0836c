"""The outreach rows of the permission table (navigator/core/tests/test_url_permissions.py)."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row, World
from navigator.outreach.tests.factories import CohortFactory, CohortMemberFactory


def build_world(organisation) -> dict:
    cohort = CohortFactory(organisation=organisation)
    return {"cohort": cohort, "cohort_member": CohortMemberFactory(cohort=cohort)}


def cohort(world: World) -> dict:
    return {"pk": world.extra["cohort"].pk}


def member(world: World) -> dict:
    return {"pk": world.extra["cohort_member"].pk}


ROWS = {
    "outreach:call_list": Row(Permission.CALL_OUTREACH),
    "outreach:member": Row(Permission.CALL_OUTREACH, member, has_object=True),
    "outreach:cohort_list": Row(Permission.MANAGE_OUTREACH),
    "outreach:upload": Row(Permission.MANAGE_OUTREACH),
    "outreach:cohort": Row(Permission.MANAGE_OUTREACH, cohort, has_object=True),
    "outreach:settings": Row(Permission.MANAGE_OUTREACH),
}

"""Rows of the accessibility scan (navigator/core/tests/test_accessibility.py) for the
caseload pages, and the records they show."""

from django.utils.timezone import localdate as case_date

from navigator.audit.context import Actor, acting_as
from navigator.contacts import services
from navigator.contacts.models import Task
from navigator.contacts.tests.helpers import allocated_through_services, contact_data
from navigator.core.tests.test_accessibility import (
    EMPTY,
    ERRORS,
    LINK_WORKER,
    MANAGER,
    Page,
    World,
    submit,
)


def build(world: World) -> dict:
    worker = world.users[LINK_WORKER]
    case = allocated_through_services(world.organisation, worker)
    closed = allocated_through_services(world.organisation, worker)
    with acting_as(Actor(user=worker)):
        services.log_contact(referral=case, data=contact_data(what_agreed="Try the choir"))
        services.log_contact(referral=case, data=contact_data(connected=False))
        services.close_case(referral=closed, reason="goals_met", summary="Walking weekly")
        task = services.open_task(referral=case, kind=Task.Kind.NOT_ENGAGING, due_on=case_date())
    return {"case": case, "closed_case": closed, "task": task, "follow_up": closed.follow_up}


def case(world: World) -> dict:
    return {"pk": world.extra["case"].pk}


def closed(world: World) -> dict:
    return {"pk": world.extra["closed_case"].pk}


PAGES = [
    Page("contacts:caseload", LINK_WORKER),
    Page("contacts:case", LINK_WORKER, case),
    Page("contacts:case", LINK_WORKER, closed, state="closed"),
    Page("contacts:log_contact", LINK_WORKER, case),
    Page(
        "contacts:log_contact",
        LINK_WORKER,
        case,
        state=EMPTY,
        then=submit("Save contact"),
        expect=ERRORS,
    ),
    Page("contacts:cadence", LINK_WORKER, case),
    Page("contacts:close", LINK_WORKER, case),
    Page(
        "contacts:close", LINK_WORKER, case, state=EMPTY, then=submit("Close case"), expect=ERRORS
    ),
    Page("contacts:reopen", LINK_WORKER, closed),
    Page(
        "contacts:reopen",
        LINK_WORKER,
        closed,
        state=EMPTY,
        then=submit("Reopen case"),
        expect=ERRORS,
    ),
    Page("contacts:gp_message", LINK_WORKER, closed),
    Page("contacts:person_cases", LINK_WORKER, lambda world: {"pk": world.extra["case"].person_id}),
    Page("contacts:task_done", LINK_WORKER, lambda world: {"pk": world.extra["task"].pk}),
    Page("contacts:follow_up_done", LINK_WORKER, lambda world: {"pk": world.extra["follow_up"].pk}),
    Page("contacts:team", MANAGER),
    Page("contacts:settings", MANAGER),
    Page("contacts:reallocate", MANAGER, case),
]

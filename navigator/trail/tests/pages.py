"""Rows of the accessibility scan for the audit review, as a manager (their organisation) and
as an administrator (the deployment). Someone has seen many records in an hour, so the
unusual activity is shown too."""

from navigator.audit.models import AuditEvent
from navigator.audit.selectors import MANY_RECORDS
from navigator.core.tests.test_accessibility import ADMIN, ERRORS, MANAGER, Page, World, submit


def build(world: World) -> dict:
    manager = world.users[MANAGER]
    AuditEvent.objects.bulk_create(
        AuditEvent(
            organisation=world.organisation,
            actor=manager,
            actor_name=str(manager),
            action=AuditEvent.Action.VIEWED,
            object_type="people.person",
            object_id=str(number),
            object_label=f"Record {number}",
            person_id=number,
        )
        for number in range(1_000_000, 1_000_000 + MANY_RECORDS)
    )
    return {}


AN_END_BEFORE_THE_START = {
    "#id_start_day": "7",
    "#id_start_month": "12",
    "#id_start_year": "2026",
    "#id_end_day": "1",
    "#id_end_month": "12",
    "#id_end_year": "2026",
}

PAGES = [
    Page("trail:review", MANAGER),
    Page(
        "trail:review",
        MANAGER,
        state="an end before the start",
        then=submit("Filter", **AN_END_BEFORE_THE_START),
        expect=ERRORS,
    ),
    Page("trail:review", ADMIN),
]

NOT_HTML = {"trail:review_export": "CSV download"}

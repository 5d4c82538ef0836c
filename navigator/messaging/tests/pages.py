"""Rows of the accessibility scan (navigator/core/tests/test_accessibility.py) for the
messaging pages."""

from django.utils import timezone

from navigator.contacts.tests.helpers import open_case
from navigator.contacts.tests.pages import closed
from navigator.core.tests.test_accessibility import (
    EMPTY,
    ERRORS,
    LINK_WORKER,
    MANAGER,
    Page,
    World,
    submit,
)
from navigator.messaging.models import Channel, Kind, Message, Status
from navigator.messaging.tests.helpers import texter


def build(world: World) -> dict:
    case = open_case(
        world.organisation,
        world.users[LINK_WORKER],
        state="active",
        person=texter(world.organisation),
    )
    for status, error in ((Status.NOT_SENT, ""), (Status.FAILED, "Not a UK mobile number")):
        Message.objects.create(
            organisation=world.organisation,
            person=case.person,
            referral=case,
            kind=Kind.FEEDBACK,
            channel=Channel.TEXT,
            recipient=case.person.phone,
            body="How was your experience of our service? Tell us here: ((link))",
            status=status,
            error=error,
            send_after=timezone.now(),
        )
    return {"messaged_case": case}


PAGES = [
    Page("messaging:outbox", LINK_WORKER),
    Page("messaging:outbox", MANAGER),
    # The scan's closed case: its practice has no e-mail, so the page offers the download.
    Page("messaging:message_back", LINK_WORKER, closed),
    Page("messaging:wording_list", MANAGER),
    Page("messaging:wording_edit", MANAGER, lambda world: {"kind": "feedback"}),
    Page(
        "messaging:wording_edit",
        MANAGER,
        lambda world: {"kind": "feedback"},
        state=EMPTY,
        then=submit("Save", **{"#id_body": ""}),
        expect=ERRORS,
    ),
]

NOT_HTML = {
    "messaging:delivery_receipt": "GOV.UK Notify's delivery receipts (JSON, POST only)",
    "messaging:received_text": "GOV.UK Notify's received texts (JSON, POST only)",
}

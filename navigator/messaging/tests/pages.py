"""Rows of the accessibility scan (navigator/core/tests/test_accessibility.py) for the
messaging pages."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from navigator.contacts.tests.helpers import open_case
from navigator.contacts.tests.pages import closed
from navigator.core.tests.test_accessibility import (
    ANONYMOUS,
    EMPTY,
    ERRORS,
    LINK_WORKER,
    MANAGER,
    Page,
    World,
    submit,
)
from navigator.messaging.models import Channel, Kind, Message, Status, TextWording
from navigator.messaging.tests.helpers import short_link, texter


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
    polish = TextWording.objects.create(
        organisation=world.organisation,
        kind=Kind.FEEDBACK,
        language="Polish",
        body="((service)): jak oceniasz naszą pomoc? Powiedz nam tutaj: ((link))",
    )
    return {
        "messaged_case": case,
        "short_token": short_link(world.organisation),
        "polish_wording": polish,
    }


def polish_wording(world: World) -> dict:
    return {"kind": "feedback", "pk": world.extra["polish_wording"].pk}


def remove_after_someone_else(page, world: World) -> None:
    """Someone changes the wording while this confirmation is open; removing is then refused."""
    TextWording.objects.filter(pk=world.extra["polish_wording"].pk).update(
        body="((service)): jak było? Powiedz nam tutaj: ((link))", version=F("version") + 1
    )
    submit("Remove")(page, world)


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
    Page("messaging:wording_language_add", MANAGER, lambda world: {"kind": "feedback"}),
    Page(
        "messaging:wording_language_add",
        MANAGER,
        lambda world: {"kind": "feedback"},
        state=EMPTY,
        then=submit("Save", **{"#id_body": ""}),
        expect=ERRORS,
    ),
    Page("messaging:wording_language_edit", MANAGER, polish_wording),
    Page("messaging:wording_language_remove", MANAGER, polish_wording),
    Page(
        "messaging:wording_language_remove",
        MANAGER,
        polish_wording,
        state="changed by someone else",
        then=remove_after_someone_else,
        expect=ERRORS,
    ),
    # A text's short link goes on to its page; one not known says so.
    Page(
        "links:short",
        ANONYMOUS,
        lambda world: {"token": world.extra["short_token"]},
        lands_on=lambda world: reverse("feedback:give", args=[world.extra["short_token"]]),
    ),
    Page(
        "links:short",
        ANONYMOUS,
        lambda world: {"token": "AAAAAAAAAAAAAAAA"},
        state="unknown link",
        status=404,
    ),
]

NOT_HTML = {
    "messaging:delivery_receipt": "GOV.UK Notify's delivery receipts (JSON, POST only)",
    "messaging:received_text": "GOV.UK Notify's received texts (JSON, POST only)",
}

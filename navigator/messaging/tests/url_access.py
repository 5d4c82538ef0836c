"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
the messaging pages. GOV.UK Notify's callbacks take only POSTs with its bearer token; a
text's short link sends anyone holding it on to its page."""

from navigator.accounts.permissions import Permission
from navigator.contacts.tests.url_access import closed
from navigator.core.tests.test_url_permissions import PUBLIC, Row
from navigator.messaging.models import Kind, TextWording
from navigator.messaging.tests.helpers import short_link


def build_world(organisation) -> dict:
    polish = TextWording.objects.create(
        organisation=organisation,
        kind=Kind.DID_YOU_GO,
        language="Polish",
        body="((service)): czy byłeś na pierwszym spotkaniu? ((link))",
    )
    return {"short_token": short_link(organisation), "polish_wording": polish}


def polish_wording(world) -> dict:
    return {"kind": "did_you_go", "pk": world.extra["polish_wording"].pk}


ROWS: dict[str, Row] = {
    "messaging:outbox": Row(Permission.VIEW_PEOPLE),
    # The closed case's message back to the GP, built by the caseload pages' world.
    "messaging:message_back": Row(Permission.WORK_CASELOAD, closed, has_object=True),
    "messaging:wording_list": Row(Permission.MANAGE_OWN_ORGANISATION),
    "messaging:wording_edit": Row(
        Permission.MANAGE_OWN_ORGANISATION, lambda world: {"kind": "did_you_go"}
    ),
    "messaging:wording_language_add": Row(
        Permission.MANAGE_OWN_ORGANISATION, lambda world: {"kind": "did_you_go"}
    ),
    # Another organisation's wording is not found; administrators, who belong to no
    # organisation, are told who words the texts, whichever organisation's wording they ask for.
    "messaging:wording_language_edit": Row(
        Permission.MANAGE_OWN_ORGANISATION,
        polish_wording,
        has_object=True,
        administrators_reach_everywhere=True,
    ),
    "messaging:wording_language_remove": Row(
        Permission.MANAGE_OWN_ORGANISATION,
        polish_wording,
        has_object=True,
        administrators_reach_everywhere=True,
    ),
    "messaging:delivery_receipt": Row(PUBLIC, public_status=405, signed_in_status=405),
    "messaging:received_text": Row(PUBLIC, public_status=405, signed_in_status=405),
    "links:short": Row(
        PUBLIC,
        lambda world: {"token": world.extra["short_token"]},
        public_status=302,
        signed_in_status=302,
    ),
}

"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
the messaging pages. GOV.UK Notify's callbacks take only POSTs with its bearer token; a
text's short link sends anyone holding it on to its page."""

from navigator.accounts.permissions import Permission
from navigator.contacts.tests.url_access import closed
from navigator.core.tests.test_url_permissions import PUBLIC, Row
from navigator.messaging.tests.helpers import short_link


def build_world(organisation) -> dict:
    return {"short_token": short_link(organisation)}


ROWS: dict[str, Row] = {
    "messaging:outbox": Row(Permission.VIEW_PEOPLE),
    # The closed case's message back to the GP, built by the caseload pages' world.
    "messaging:message_back": Row(Permission.WORK_CASELOAD, closed, has_object=True),
    "messaging:wording_list": Row(Permission.MANAGE_OWN_ORGANISATION),
    "messaging:wording_edit": Row(
        Permission.MANAGE_OWN_ORGANISATION, lambda world: {"kind": "did_you_go"}
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

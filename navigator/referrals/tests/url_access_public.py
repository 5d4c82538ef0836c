"""The public self-referral pages in the permission table: open to everyone, signed in or not.
The acknowledgement sends anyone who has not just sent a referral back to the form."""

from navigator.core.tests.test_url_permissions import PUBLIC, Row

ROWS = {
    "self_referral:start": Row(PUBLIC),
    "self_referral:sent": Row(PUBLIC, public_status=302, signed_in_status=302),
}


def build_world(organisation: object) -> dict:
    return {}

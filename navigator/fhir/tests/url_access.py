"""Rows of the project's permission table for the FHIR routes. They answer bearer tokens, never
a signed-in session: their access by scope and organisation is tabled in test_api_access.py."""

from navigator.core.tests.test_url_permissions import PUBLIC, Row


def build_world(organisation) -> dict:
    return {}


ROWS: dict[str, Row] = {
    # POST only (RFC 6749): a GET is refused whoever asks.
    "fhir:token": Row(PUBLIC, public_status=405, signed_in_status=405),
}

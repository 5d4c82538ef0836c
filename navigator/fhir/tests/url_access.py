"""Rows of the project's permission table for the FHIR routes. They answer bearer tokens, never
a signed-in session (401 whoever is signed in); what each scope may reach, and that another
organisation's records answer 404, is tabled in test_api_access.py."""

from navigator.core.tests.test_url_permissions import PUBLIC, Row


def build_world(organisation) -> dict:
    return {}


def _instance(world) -> dict:
    return {"id": "ABCD2345"}


TOKEN_ONLY = Row(PUBLIC, public_status=401, signed_in_status=401)

ROWS: dict[str, Row] = {
    # POST only (RFC 6749): a GET is refused whoever asks.
    "fhir:token": Row(PUBLIC, public_status=405, signed_in_status=405),
    "fhir:metadata": Row(PUBLIC),
    "fhir:bundle": Row(PUBLIC, public_status=405, signed_in_status=405),
    "fhir:bundle_read": Row(PUBLIC, _instance, public_status=401, signed_in_status=401),
    "fhir:service_request": TOKEN_ONLY,
    "fhir:service_request_read": Row(PUBLIC, _instance, public_status=401, signed_in_status=401),
    "fhir:task": TOKEN_ONLY,
    "fhir:task_read": Row(PUBLIC, _instance, public_status=401, signed_in_status=401),
    "fhir:unknown": Row(
        PUBLIC, lambda world: {"path": "Practitioner"}, public_status=404, signed_in_status=404
    ),
}

"""Rows of the project's permission table for the API client pages, and the client they need.
The FHIR and REST routes answer only bearer tokens, never a signed-in session (401 whoever is
signed in): what each scope reaches is tabled in navigator/api/tests/test_api_access.py."""

from navigator.accounts.permissions import Permission
from navigator.api.tests.factories import client_with_token
from navigator.core.tests.test_url_permissions import PUBLIC, Row


def build_world(organisation) -> dict:
    return {"api_client": client_with_token(organisation).client}


ROWS: dict[str, Row] = {
    "api:client_list": Row(Permission.MANAGE_API_CLIENTS),
    "api:client_create": Row(Permission.MANAGE_API_CLIENTS),
    "api:client_revoke": Row(
        Permission.MANAGE_API_CLIENTS,
        lambda world: {"pk": world.extra["api_client"].pk},
        has_object=True,
    ),
}


def _one(world) -> dict:
    return {"person_id": 1}


TOKEN_ONLY = Row(PUBLIC, public_status=401, signed_in_status=401)
ROWS |= {
    "rest:openapi-json": Row(PUBLIC),
    # Without interactive docs the API's root answers nothing.
    "rest:api-root": Row(PUBLIC, public_status=404, signed_in_status=404),
    "rest:people": TOKEN_ONLY,
    "rest:person": Row(PUBLIC, _one, public_status=401, signed_in_status=401),
    "rest:referrals": TOKEN_ONLY,
    "rest:referral": Row(
        PUBLIC, lambda world: {"referral_id": 1}, public_status=401, signed_in_status=401
    ),
    "rest:caseloads": TOKEN_ONLY,
    "rest:contacts": TOKEN_ONLY,
    "rest:activity_referrals": TOKEN_ONLY,
    "rest:outcome_scores": TOKEN_ONLY,
}

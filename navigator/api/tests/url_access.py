"""Rows of the project's permission table for the API client pages, and the client they need.
The FHIR and REST routes answer only bearer tokens: their own table is in
navigator/fhir/tests/test_api_access.py."""

from navigator.accounts.permissions import Permission
from navigator.api.tests.factories import client_with_token
from navigator.core.tests.test_url_permissions import Row


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

import json
from typing import Any

from django.test import Client
from fhir.resources.R4B.operationoutcome import OperationOutcome

from navigator.api.tests.factories import Credential

FHIR_JSON = "application/fhir+json"


def post(client: Client, path: str, body: Any, credential: Credential | None, **headers: str):
    if credential:
        headers |= credential.headers
    return client.post(
        path,
        json.dumps(body) if not isinstance(body, str | bytes) else body,
        content_type=FHIR_JSON,
        headers=headers,
    )


def get(client: Client, path: str, credential: Credential | None, **params: str):
    return client.get(path, params, headers=credential.headers if credential else {})


def outcome(response) -> OperationOutcome:
    """The response is an OperationOutcome the FHIR library accepts; returns it."""
    assert response["Content-Type"].startswith(FHIR_JSON)
    return OperationOutcome.model_validate(response.json())

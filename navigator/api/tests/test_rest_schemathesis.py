"""Schemathesis generates requests from the REST API's own OpenAPI document and checks every
answer against it: no server error, no answer the document does not describe. Kept short (a
few examples per route) so it runs in the normal suite."""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from navigator.api.rest import api
from navigator.api.tests.factories import client_with_token
from navigator.people.tests.factories import PersonFactory

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
# Random requests only: the coverage phase would send every edge case of every parameter.
schema.config.phases.update(phases=["fuzzing"])
# What the issue asks: no server error and no schema violation. (The checks that send further
# requests of their own would multiply the run time.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def token(organisation) -> str:
    PersonFactory(organisation=organisation)
    return client_with_token(organisation).token


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """Built after the test settings (plain http) are in place. As Django's test client does,
    requests leave the test's database connection open (it holds the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_rest_api_answers_as_its_openapi_document_says(case, app, token):
    case.call_and_validate(
        app=app,
        base_url="http://localhost",
        headers={"Authorization": f"Bearer {token}"},
        checks=CHECKS,
    )

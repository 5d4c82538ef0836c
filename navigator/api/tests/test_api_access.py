"""Every API route (FHIR and REST), by who calls: no token 401, a token without the route's
scope 403, and a record of another organisation 404 (it does not exist for the client). Adding
an API route without a row here fails `test_every_api_route_has_a_row`."""

import json
from dataclasses import dataclass

import pytest
from django.urls import get_resolver

from navigator.api.models import Scope
from navigator.api.tests.factories import client_with_token
from navigator.core.tests.test_url_permissions import url_names
from navigator.fhir.tests import examples
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.models import Referral

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # {person}, {referral}, {reference}: a record of the organisation asked about
    scope: Scope
    has_object: bool = False


ROUTES: dict[str, Route] = {
    "fhir:bundle": Route("POST", "/fhir/Bundle", Scope.SUBMIT_REFERRALS),
    "fhir:bundle_read": Route(
        "GET", "/fhir/Bundle/outcome-{reference}", Scope.READ_STATUS, has_object=True
    ),
    "fhir:service_request": Route("GET", "/fhir/ServiceRequest", Scope.READ_STATUS),
    "fhir:service_request_read": Route(
        "GET", "/fhir/ServiceRequest/{reference}", Scope.READ_STATUS, has_object=True
    ),
    "fhir:task": Route("GET", "/fhir/Task", Scope.READ_STATUS),
    "fhir:task_read": Route("GET", "/fhir/Task/{reference}", Scope.READ_STATUS, has_object=True),
    "rest:people": Route("GET", "/api/v1/people", Scope.READ_RECORDS),
    "rest:person": Route("GET", "/api/v1/people/{person}", Scope.READ_RECORDS, has_object=True),
    "rest:referrals": Route("GET", "/api/v1/referrals", Scope.READ_RECORDS),
    "rest:referral": Route(
        "GET", "/api/v1/referrals/{referral}", Scope.READ_RECORDS, has_object=True
    ),
    "rest:caseloads": Route("GET", "/api/v1/caseloads", Scope.READ_RECORDS),
    "rest:contacts": Route("GET", "/api/v1/contacts", Scope.READ_RECORDS),
    "rest:activity_referrals": Route("GET", "/api/v1/activity-referrals", Scope.READ_RECORDS),
    "rest:outcome_scores": Route("GET", "/api/v1/outcome-scores", Scope.READ_RECORDS),
}
# Open to anyone (no personal data), or not a route of its own.
NOT_TOKEN_ROUTES = {
    "fhir:token",
    "fhir:metadata",
    "fhir:unknown",
    "rest:openapi-json",
    "rest:api-root",
}


def test_every_api_route_has_a_row() -> None:
    api_names = {n for n in url_names(get_resolver()) if n.split(":")[0] in {"fhir", "rest"}}
    assert api_names == set(ROUTES) | NOT_TOKEN_ROUTES


def _records(client, organisation) -> dict[str, object]:
    """A person and a referral sent through the FHIR API by one of the organisation's clients."""
    sender = client_with_token(organisation, name="Sender")
    client.post(
        "/fhir/Bundle",
        json.dumps(examples.transaction(identifier=f"REF-{organisation.pk}")),
        content_type="application/fhir+json",
        headers=sender.headers,
    )
    referral = Referral.objects.get(organisation=organisation)
    return {
        "sender": sender,
        "person": PersonFactory(organisation=organisation).pk,
        "referral": referral.pk,
        "reference": referral.reference,
    }


def _call(client, route: Route, records: dict, headers: dict):
    path = route.path.format(**records)
    if route.method == "POST":
        return client.post(
            path,
            json.dumps(examples.transaction(identifier="REF-NEW")),
            content_type="application/fhir+json",
            headers=headers,
        )
    return client.get(path, headers=headers)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_the_route_answers_each_caller_as_the_table_says(
    client, organisation, other_organisation, name
):
    route = ROUTES[name]
    own = _records(client, organisation)
    foreign = _records(client, other_organisation)
    holder = own["sender"] if route.scope != Scope.READ_RECORDS else client_with_token(organisation)
    lacking = client_with_token(organisation, scopes=[s for s in Scope if s != route.scope])

    nobody = _call(client, route, own, {})
    wrong_scope = _call(client, route, own, lacking.headers)
    elsewhere = _call(client, route, foreign, holder.headers) if route.has_object else None

    assert nobody.status_code == 401
    assert wrong_scope.status_code == 403
    if elsewhere is not None:
        assert elsewhere.status_code == 404

"""The CapabilityStatement lists exactly the routes that answer, and each answers."""

import pytest
from django.urls import URLPattern, get_resolver
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from navigator.api.tests.factories import client_with_token
from navigator.fhir import urls
from navigator.fhir.capability import RESOURCES

pytestmark = pytest.mark.django_db
# HTTP method on a type's route (/fhir/Task) or an instance's (/fhir/Task/{id}) -> interaction
INTERACTIONS = {
    ("type", "POST"): "create",
    ("type", "GET"): "search-type",
    ("instance", "GET"): "read",
}
NOT_RESOURCES = {"token", "metadata", "unknown"}


def routes_in_the_urlconf() -> dict[str, set[str]]:
    """{resource type: interactions its routes answer}, read from navigator/fhir/urls.py."""
    found: dict[str, set[str]] = {}
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in NOT_RESOURCES:
            continue
        route = str(pattern.pattern)
        resource_type, _, rest = route.partition("/")
        level = "instance" if rest else "type"
        for method in pattern.callback.methods:
            found.setdefault(resource_type, set()).add(INTERACTIONS[(level, method)])
    return found


def test_metadata_is_a_valid_capability_statement(client):
    response = client.get("/fhir/metadata")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    statement = CapabilityStatement.model_validate(response.json())
    assert statement.fhirVersion == "4.0.1"
    assert statement.rest[0].security.service[0].coding[0].code == "OAuth"


def test_the_statement_lists_exactly_the_routes_that_answer(client):
    statement = client.get("/fhir/metadata").json()

    listed = {
        resource["type"]: {interaction["code"] for interaction in resource["interaction"]}
        for resource in statement["rest"][0]["resource"]
    }

    assert listed == routes_in_the_urlconf()
    assert get_resolver().resolve("/fhir/metadata").url_name == "metadata"


@pytest.mark.parametrize("resource_type", sorted(RESOURCES))
def test_each_listed_interaction_answers_something_other_than_not_found(
    client, organisation, resource_type
):
    credential = client_with_token(organisation)
    for interaction in RESOURCES[resource_type]["interactions"]:
        if interaction == "create":
            response = client.post(
                f"/fhir/{resource_type}",
                "{}",
                content_type="application/fhir+json",
                headers=credential.headers,
            )
            # An empty resource is refused as invalid: the route is there.
            assert response.status_code == 400, interaction
        elif interaction == "search-type":
            response = client.get(f"/fhir/{resource_type}", headers=credential.headers)
            assert response.status_code == 200, interaction
        else:
            response = client.get(f"/fhir/{resource_type}/nothing", headers=credential.headers)
            # Read answers not-found for an id that does not exist, not "no such route".
            assert response.status_code == 404, interaction
            assert response.json()["issue"][0]["code"] == "not-found", interaction
    for name, kind in RESOURCES[resource_type]["search"].items():
        assert kind in {"token", "reference", "date"}
        response = client.get(f"/fhir/{resource_type}", {name: "x"}, headers=credential.headers)
        assert response.status_code in {200, 400}
        if response.status_code == 400:
            assert response.json()["issue"][0]["code"] == "value", name

"""Every error path answers a valid OperationOutcome, an issue per problem, a fitting status."""

import copy

import pytest

from navigator.api.models import Scope
from navigator.api.tests.factories import client_with_token
from navigator.fhir.tests import examples
from navigator.fhir.tests.helpers import get, outcome, post
from navigator.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(organisation):
    return client_with_token(organisation)


def _without(path: list, bundle: dict) -> dict:
    changed = copy.deepcopy(bundle)
    target = changed
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return changed


def test_two_problems_give_two_issues_and_nothing_is_created(client, credential):
    bundle = examples.transaction()
    bundle["entry"][0]["resource"]["identifier"][0]["value"] = "9434765918"  # wrong check digit
    bundle["entry"][1]["resource"]["code"]["coding"][0]["code"] = "183644000"

    response = post(client, "/fhir/Bundle", bundle, credential)

    assert response.status_code == 422
    issues = outcome(response).issue
    assert sorted(issue.expression[0] for issue in issues) == [
        "Bundle.entry[0].resource.identifier",
        "Bundle.entry[1].resource.code",
    ]
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        (lambda b: b["entry"][1]["resource"].update(status="draft"), 422, "value"),
        (lambda b: b["entry"][1]["resource"].update(intent="plan"), 422, "value"),
        (lambda b: b["entry"][1]["resource"].pop("identifier"), 422, "required"),
        (lambda b: b["entry"][0]["resource"].pop("birthDate"), 422, "required"),
        (
            lambda b: b["entry"][0]["resource"]["address"][0].update(postalCode="LS99 ZZZ"),
            422,
            "value",
        ),
        (lambda b: b["entry"][0]["resource"].update(birthDate="1961-13-40"), 400, "invalid"),
        (lambda b: b["entry"][0]["resource"].update(favouriteColour="blue"), 400, "structure"),
        (lambda b: b.update(type="batch"), 422, "value"),
        (lambda b: b["entry"].pop(0), 422, "required"),
    ],
    ids=[
        "draft status",
        "wrong intent",
        "no identifier",
        "no birth date",
        "bad postcode",
        "impossible date",
        "unknown element",
        "not a transaction",
        "no patient",
    ],
)
def test_invalid_referrals_are_refused(client, credential, change, status, code):
    bundle = examples.transaction()
    change(bundle)

    response = post(client, "/fhir/Bundle", bundle, credential)

    assert response.status_code == status
    assert outcome(response).issue[0].code == code
    assert not Referral.objects.exists()


def test_a_body_that_is_not_json_is_a_400(client, credential):
    response = post(client, "/fhir/Bundle", "{not json", credential)

    assert response.status_code == 400
    assert outcome(response).issue[0].code == "structure"


def test_xml_is_not_supported(client, credential):
    response = client.post(
        "/fhir/Bundle", "<Bundle/>", content_type="application/fhir+xml", headers=credential.headers
    )

    assert response.status_code == 415
    assert outcome(response).issue[0].code == "not-supported"


def test_a_resource_of_another_type_is_refused(client, credential):
    response = post(client, "/fhir/Bundle", examples.patient(), credential)

    assert response.status_code == 400
    assert outcome(response).issue[0].expression == ["resourceType"]


def test_no_token_is_a_401(client):
    response = post(client, "/fhir/Bundle", examples.transaction(), None)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert outcome(response).issue[0].code == "login"


def test_a_wrong_scope_is_a_403(client, organisation):
    reader = client_with_token(organisation, scopes=[Scope.SUBMIT_REFERRALS])

    response = get(client, "/fhir/Task", reader)

    assert response.status_code == 403
    assert outcome(response).issue[0].code == "forbidden"


def test_too_many_calls_are_a_429(client, credential, settings, monkeypatch):
    from navigator.api import services

    settings.NAVIGATOR_API_RATE_LIMIT = 2
    monkeypatch.setattr(services, "clock", lambda: 2_000_000.0)

    statuses = [get(client, "/fhir/Task", credential).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_an_unsupported_method_is_a_405(client, credential):
    response = client.delete("/fhir/Task", headers=credential.headers)

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert outcome(response).issue[0].code == "not-supported"


def test_an_unknown_route_is_a_404_outcome(client, credential):
    response = get(client, "/fhir/Practitioner", credential)

    assert response.status_code == 404
    assert outcome(response).issue[0].code == "not-supported"


def test_an_unknown_search_parameter_is_a_400(client, credential):
    response = get(client, "/fhir/Task", credential, owner="DN123", colour="blue")

    assert response.status_code == 400
    assert [issue.expression[0] for issue in outcome(response).issue] == ["colour", "owner"]


def test_a_bad_date_is_a_400(client, credential):
    response = get(client, "/fhir/Task", credential, _lastUpdated="ge2026-02-30")

    assert response.status_code == 400
    assert outcome(response).issue[0].code == "value"


def test_a_bad_status_is_a_400(client, credential):
    response = get(client, "/fhir/Task", credential, status="finished")

    assert response.status_code == 400
    assert outcome(response).issue[0].code == "value"


def test_if_none_exist_on_another_parameter_is_a_400(client, credential):
    response = post(
        client,
        "/fhir/ServiceRequest",
        examples.contained_service_request(),
        credential,
        **{"If-None-Exist": "patient.identifier=9434765919"},
    )

    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_an_unexpected_failure_is_a_500_outcome(client, credential, monkeypatch):
    from navigator.fhir import selectors

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(selectors, "search", fail)

    response = get(client, "/fhir/Task", credential)

    assert response.status_code == 500
    assert outcome(response).issue[0].code == "exception"
    assert "database" not in response.content.decode()


def test_a_patient_whose_given_name_is_null_is_told_it_needs_one(client, credential):
    # FHIR lets a name's part be null (with an extension saying why); it was read as text and
    # the request failed with a 500 instead of saying what is missing.
    bundle = examples.transaction()
    bundle["entry"][0]["resource"]["name"][0]["given"] = [None]

    response = post(client, "/fhir/Bundle", bundle, credential)

    assert response.status_code == 422
    issue = outcome(response).issue[0]
    assert issue.code == "required"
    assert issue.diagnostics == "The patient needs a given name and a family name"
    assert issue.expression == ["Bundle.entry[0].resource.name"]
    assert not Referral.objects.exists()

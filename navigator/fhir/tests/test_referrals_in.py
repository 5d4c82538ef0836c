"""A GP system sends a referral as a FHIR transaction or as a ServiceRequest with a contained
Patient; it lands in the service's triage queue as a referral typed in would."""

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from navigator.api.models import Scope
from navigator.api.tests.factories import client_with_token
from navigator.audit.models import AuditEvent
from navigator.fhir.models import Submission
from navigator.fhir.tests import examples
from navigator.fhir.tests.helpers import get, post
from navigator.people.tests.factories import GPPracticeFactory, PersonFactory
from navigator.referrals import selectors as referral_selectors
from navigator.referrals.models import Referral, SourceType, Urgency
from navigator.referrals.states import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(organisation):
    organisation.ods_code = "DN123"
    organisation.save()
    return client_with_token(organisation, name="EMIS at Chapel Allerton")


def test_a_transaction_becomes_a_referral_in_the_triage_queue(client, credential, organisation):
    practice = GPPracticeFactory(ods_code=examples.PRACTICE_ODS, name="Chapel Allerton Surgery")

    response = post(client, "/fhir/Bundle", examples.transaction(performer_ods="DN123"), credential)

    assert response.status_code == 201
    assert response["Content-Type"] == "application/fhir+json"
    referral = Referral.objects.get()
    assert response["Location"] == f"http://testserver/fhir/ServiceRequest/{referral.reference}"
    answer = Bundle.model_validate(response.json())
    assert answer.type == "transaction-response"
    locations = [entry.response.location for entry in answer.entry if entry.response.location]
    assert locations == [f"ServiceRequest/{referral.reference}", f"Task/{referral.reference}"]
    assert referral.organisation == organisation
    assert list(referral_selectors.triage_queue().filter(organisation=organisation)) == [referral]
    assert (referral.given_name, referral.family_name) == ("Ada", "Okafor")
    assert str(referral.date_of_birth) == "1961-04-12"
    assert referral.nhs_number == "9434765919"
    assert referral.address == "12 Cliff Road\nLeeds"
    assert referral.postcode == "LS6 2AB"
    assert referral.phone == "+441134960000"
    assert referral.email == "ada@example.org"
    assert referral.gp_practice == practice
    assert referral.source_type == SourceType.PRIMARY_CARE
    assert referral.referrer_organisation == "Chapel Allerton Surgery"
    assert referral.urgency == Urgency.ROUTINE
    assert [reason.name for reason in referral.reasons.all()] == ["Loneliness or isolation"]
    assert "Reason given: Wants to garden" in referral.reason_details
    assert "Lives alone since her husband died." in referral.reason_details
    assert referral.consent_given is True
    assert referral.consent_given_at.isoformat() == "2026-03-02T09:10:00+00:00"
    assert referral.consent_recorded_by == "Dr Priya Shah"
    assert referral.state == State.RECEIVED
    submission = Submission.objects.get()
    assert (submission.identifier_system, submission.identifier_value) == (
        examples.IDENTIFIER_SYSTEM,
        "REF-0001",
    )
    assert submission.client == credential.client
    created = AuditEvent.objects.get(object_type="referrals.referral", action="created")
    assert created.actor_name == "API client EMIS at Chapel Allerton"


def test_the_locations_answer_with_the_service_request_and_its_task(client, credential):
    response = post(client, "/fhir/Bundle", examples.transaction(), credential)
    reference = Referral.objects.get().reference

    request = get(client, f"/fhir/ServiceRequest/{reference}", credential)
    task = get(client, f"/fhir/Task/{reference}", credential)

    assert response.status_code == 201
    assert request.status_code == 200
    sent = ServiceRequest.model_validate(request.json())
    assert sent.identifier[0].value == "REF-0001"
    assert sent.subject.identifier.value == "9434765919"
    assert sent.code.coding[0].code == "871731000000106"
    tracked = Task.model_validate(task.json())
    assert tracked.status == "requested"
    assert tracked.focus.reference == f"ServiceRequest/{reference}"
    assert tracked.owner.identifier.value == "DN123"


def test_a_service_request_with_a_contained_patient_becomes_a_referral(client, credential):
    response = post(
        client, "/fhir/ServiceRequest", examples.contained_service_request(), credential
    )

    assert response.status_code == 201
    referral = Referral.objects.get()
    assert ServiceRequest.model_validate(response.json()).id == referral.reference
    assert (referral.given_name, referral.nhs_number) == ("Ada", "9434765919")
    assert referral.consent_given is False


def test_a_known_nhs_number_matches_the_persons_record(client, credential, organisation):
    person = PersonFactory(organisation=organisation, nhs_number=examples.NHS_NUMBER)

    post(client, "/fhir/Bundle", examples.transaction(), credential)

    referral = Referral.objects.get()
    assert referral.person == person
    assert referral.state == State.TRIAGED
    assert referral in referral_selectors.triage_queue()


def test_another_organisations_record_with_the_number_is_not_matched(
    client, credential, other_organisation
):
    PersonFactory(organisation=other_organisation, nhs_number=examples.NHS_NUMBER)

    post(client, "/fhir/Bundle", examples.transaction(), credential)

    referral = Referral.objects.get()
    assert referral.person is None
    assert referral.state == State.RECEIVED


def test_a_possible_duplicate_is_left_for_triage_to_decide(
    client, credential, organisation, manager
):
    same = PersonFactory(
        organisation=organisation,
        given_name="Ada",
        family_name="Okafor",
        date_of_birth="1961-04-12",
        nhs_number="",
    )
    post(client, "/fhir/Bundle", examples.transaction(), credential)
    referral = Referral.objects.get()
    client.force_login(manager)

    page = client.get(f"/referrals/{referral.pk}/").content.decode()

    assert referral.person is None
    assert 'id="possible-matches"' in page
    assert f"/people/{same.pk}/" in page


def test_a_retried_post_creates_nothing_new(client, credential):
    first = post(client, "/fhir/Bundle", examples.transaction(), credential)
    again = post(client, "/fhir/Bundle", examples.transaction(), credential)

    assert (first.status_code, again.status_code) == (201, 200)
    assert Referral.objects.count() == 1
    assert first["Location"] == again["Location"]


def test_if_none_exist_finds_the_referral_already_sent(client, credential):
    post(client, "/fhir/ServiceRequest", examples.contained_service_request(), credential)
    retry = examples.contained_service_request()
    retry["note"] = [{"text": "Sent again by a retrying system"}]

    response = post(
        client,
        "/fhir/ServiceRequest",
        retry,
        credential,
        **{"If-None-Exist": f"identifier={examples.IDENTIFIER_SYSTEM}|REF-0002"},
    )

    assert response.status_code == 200
    assert Referral.objects.count() == 1
    assert "Sent again" not in Referral.objects.get().reason_details


def test_a_performer_that_is_another_service_is_refused(client, credential):
    response = post(client, "/fhir/Bundle", examples.transaction(performer_ods="ZZ999"), credential)

    assert response.status_code == 422
    assert "not this service" in response.json()["issue"][0]["diagnostics"]
    assert not Referral.objects.exists()


def test_a_client_without_the_submit_scope_is_refused(client, organisation):
    reader = client_with_token(organisation, scopes=[Scope.READ_STATUS])

    response = post(client, "/fhir/Bundle", examples.transaction(), reader)

    assert response.status_code == 403
    assert not Referral.objects.exists()

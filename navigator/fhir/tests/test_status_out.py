"""A Task per referral whose status follows the referral, and searches over Tasks and
ServiceRequests, for the client that sent them only."""

import datetime

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.task import Task

from navigator.api.tests.factories import client_with_token
from navigator.audit.models import AuditEvent
from navigator.contacts import services as contact_services
from navigator.contacts.models import ClosureReason
from navigator.fhir.tests import examples
from navigator.fhir.tests.helpers import get, post
from navigator.referrals import services as referral_services
from navigator.referrals.models import DeclineReason, Referral
from navigator.referrals.states import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(organisation):
    return client_with_token(organisation)


def send(client, credential, identifier: str = "REF-0001") -> Referral:
    response = post(client, "/fhir/Bundle", examples.transaction(identifier=identifier), credential)
    assert response.status_code == 201
    return Referral.objects.get(fhir_submission__identifier_value=identifier)


def task(client, credential, referral: Referral) -> Task:
    response = get(client, f"/fhir/Task/{referral.reference}", credential)
    assert response.status_code == 200
    return Task.model_validate(response.json())


def move(referral: Referral, *states: State) -> Referral:
    for state in states:
        referral = referral_services.move(referral=referral, to=state)
    return referral


def test_the_task_follows_the_referral_from_requested_to_completed(client, credential):
    referral = send(client, credential)
    seen = [task(client, credential, referral).status]

    referral = referral_services.accept(referral=move(referral, State.TRIAGED))
    seen.append(task(client, credential, referral).status)
    referral = move(referral, State.WAITING, State.ALLOCATED, State.FIRST_CONTACT)
    seen.append(task(client, credential, referral).status)
    contact_services.close_case(
        referral=referral, reason=ClosureReason.GOALS_MET, summary="Joined the walking group"
    )
    seen.append(task(client, credential, referral).status)

    assert seen == ["requested", "accepted", "in-progress", "completed"]


def test_a_declined_referral_is_rejected_with_its_reason(client, credential):
    referral = send(client, credential)

    referral_services.decline(referral=referral, reason=DeclineReason.OUT_OF_AREA)

    declined = task(client, credential, referral)
    assert declined.status == "rejected"
    assert declined.statusReason.text == "Out of area"


def test_a_case_closed_before_any_contact_is_cancelled(client, credential):
    referral = send(client, credential)
    referral = referral_services.accept(referral=move(referral, State.TRIAGED))

    contact_services.close_case(
        referral=referral, reason=ClosureReason.NO_CONTACT, summary="No answer to calls"
    )

    assert task(client, credential, referral).status == "cancelled"


def test_reading_a_task_is_audited(client, credential):
    referral = send(client, credential)

    task(client, credential, referral)

    viewed = AuditEvent.objects.filter(
        object_type="referrals.referral", object_id=str(referral.pk), action="viewed"
    )
    assert viewed.count() == 1
    assert viewed.get().actor_name == "API client Test GP system"


def _found(response) -> list[str]:
    assert response.status_code == 200
    bundle = Bundle.model_validate(response.json())
    assert bundle.type == "searchset"
    return sorted(entry.resource.id for entry in bundle.entry or [])


def test_tasks_are_found_by_focus_identifier_and_status(client, credential):
    first = send(client, credential, "REF-A")
    second = send(client, credential, "REF-B")
    referral_services.decline(referral=second, reason=DeclineReason.OTHER)

    by_focus = get(client, "/fhir/Task", credential, focus=f"ServiceRequest/{first.reference}")
    by_identifier = get(client, "/fhir/Task", credential, identifier=second.reference)
    by_status = get(client, "/fhir/Task", credential, status="rejected,completed")
    requested = get(client, "/fhir/Task", credential, status="requested")

    assert _found(by_focus) == [first.reference]
    assert _found(by_identifier) == [second.reference]
    assert _found(by_status) == [second.reference]
    assert _found(requested) == [first.reference]


def test_tasks_are_found_by_last_updated(client, credential):
    old = send(client, credential, "REF-OLD")
    new = send(client, credential, "REF-NEW")
    long_ago = timezone.make_aware(datetime.datetime(2025, 1, 10, 12, 0))
    Referral.objects.filter(pk=old.pk).update(updated_at=long_ago)

    since = get(client, "/fhir/Task", credential, _lastUpdated="ge2025-06-01")
    before = get(client, "/fhir/Task", credential, _lastUpdated="lt2025-06-01")
    that_day = get(client, "/fhir/Task", credential, _lastUpdated="2025-01-10")

    assert _found(since) == [new.reference]
    assert _found(before) == [old.reference]
    assert _found(that_day) == [old.reference]


def test_service_requests_are_found_by_identifier_and_patient_identifier(client, credential):
    referral = send(client, credential, "REF-C")

    by_theirs = get(
        client, "/fhir/ServiceRequest", credential, identifier=f"{examples.IDENTIFIER_SYSTEM}|REF-C"
    )
    by_patient = get(
        client,
        "/fhir/ServiceRequest",
        credential,
        **{"patient.identifier": f"https://fhir.nhs.uk/Id/nhs-number|{examples.NHS_NUMBER}"},
    )
    by_other_patient = get(
        client, "/fhir/ServiceRequest", credential, **{"patient.identifier": "9990000018"}
    )

    assert _found(by_theirs) == [referral.reference]
    assert _found(by_patient) == [referral.reference]
    assert _found(by_other_patient) == []


def test_searches_are_paged(client, credential):
    for identifier in ("REF-1", "REF-2", "REF-3"):
        send(client, credential, identifier)

    first = get(client, "/fhir/Task", credential, _count="2").json()
    second = get(client, "/fhir/Task", credential, _count="2", _page="2").json()

    assert first["total"] == 3
    assert len(first["entry"]) == 2
    assert len(second["entry"]) == 1
    assert any(link["relation"] == "next" for link in first["link"])


def test_another_organisations_referral_does_not_exist(client, credential, other_organisation):
    elsewhere = client_with_token(other_organisation, name="Elsewhere")
    theirs = send(client, elsewhere, "REF-THEIRS")

    for path in (
        f"/fhir/Task/{theirs.reference}",
        f"/fhir/ServiceRequest/{theirs.reference}",
        f"/fhir/Bundle/outcome-{theirs.reference}",
    ):
        response = get(client, path, credential)
        assert response.status_code == 404, path
    assert _found(get(client, "/fhir/Task", credential)) == []


def test_another_clients_referral_is_not_readable(client, credential, organisation):
    colleague = client_with_token(organisation, name="Another practice")
    theirs = send(client, colleague, "REF-COLLEAGUE")

    assert get(client, f"/fhir/Task/{theirs.reference}", credential).status_code == 404

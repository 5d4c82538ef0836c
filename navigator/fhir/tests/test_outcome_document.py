"""At closure the message back to the GP is readable by the referring system as a FHIR
document: a Composition, the coded events in SNOMED CT and the outcome scores as Observations."""

import pytest
from fhir.resources.R4B.bundle import Bundle

from navigator.api.tests.factories import client_with_token
from navigator.audit.models import AuditEvent
from navigator.contacts import services as contact_services
from navigator.contacts.models import ClosureReason
from navigator.fhir.tests import examples
from navigator.fhir.tests.helpers import get, post
from navigator.outcomes.tests.helpers import ONS4_BASELINE, completed
from navigator.people.tests.factories import PersonFactory
from navigator.referrals import services as referral_services
from navigator.referrals.models import Referral
from navigator.referrals.states import State

pytestmark = pytest.mark.django_db


def closed_case(client, credential, organisation, link_worker, *, codes_only: bool) -> Referral:
    person = PersonFactory(organisation=organisation, nhs_number=examples.NHS_NUMBER)
    post(client, "/fhir/Bundle", examples.transaction(), credential)
    referral = referral_services.accept(referral=Referral.objects.get())
    for state in (State.ALLOCATED, State.FIRST_CONTACT):
        referral = referral_services.move(referral=referral, to=state)
    completed(person, link_worker, ONS4_BASELINE)
    contact_services.close_case(
        referral=referral,
        reason=ClosureReason.LINKED,
        summary="Goes to the allotment group weekly",
        codes_only=codes_only,
    )
    return referral


def test_the_closed_referral_has_its_outcome_document(client, organisation, link_worker):
    credential = client_with_token(organisation)
    referral = closed_case(client, credential, organisation, link_worker, codes_only=False)

    task = get(client, f"/fhir/Task/{referral.reference}", credential).json()
    response = get(client, f"/fhir/{task['output'][0]['valueReference']['reference']}", credential)

    assert response.status_code == 200
    document = Bundle.model_validate(response.json())
    assert document.type == "document"
    resources = [entry.resource for entry in document.entry]
    composition = resources[0]
    assert composition.get_resource_type() == "Composition"
    assert composition.subject.reference == document.entry[1].fullUrl
    assert [section.title for section in composition.section] == [
        "Coded events",
        "Needs and concerns",
        "Support offered",
        "Outcomes",
        "Closing summary",
    ]
    observations = [r for r in resources if r.get_resource_type() == "Observation"]
    coded = [o.code.coding[0].code for o in observations if o.code.coding]
    assert coded == ["871731000000106"]
    scores = {o.code.text: o.valueQuantity.value for o in observations if not o.code.coding}
    assert scores == {
        "ONS4 personal wellbeing: Life satisfaction": 4,
        "ONS4 personal wellbeing: Feeling things you do are worthwhile": 5,
        "ONS4 personal wellbeing: Happiness yesterday": 3,
        "ONS4 personal wellbeing: Anxiety yesterday": 7,
    }
    assert "Goes to the allotment group weekly" in composition.section[4].text.div
    assert AuditEvent.objects.filter(object_type="contacts.gpmessage", action="viewed").count() == 1


def test_codes_only_means_only_the_codes(client, organisation, link_worker):
    credential = client_with_token(organisation)
    referral = closed_case(client, credential, organisation, link_worker, codes_only=True)

    document = get(client, f"/fhir/Bundle/outcome-{referral.reference}", credential).json()

    kinds = [entry["resource"]["resourceType"] for entry in document["entry"]]
    assert kinds == ["Composition", "Patient", "Observation"]
    assert [s["title"] for s in document["entry"][0]["resource"]["section"]] == ["Coded events"]
    assert "allotment" not in str(document)


def test_an_open_referral_has_no_outcome_document(client, organisation):
    credential = client_with_token(organisation)
    post(client, "/fhir/Bundle", examples.transaction(), credential)
    reference = Referral.objects.get().reference

    response = get(client, f"/fhir/Bundle/outcome-{reference}", credential)

    assert response.status_code == 404
    assert response.json()["resourceType"] == "OperationOutcome"

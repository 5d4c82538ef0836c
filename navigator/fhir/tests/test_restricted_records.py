"""A restriction names staff, never an API client: a GP system no longer reads the referrals it
sent for a person whose record is restricted (404, left out of searches), its new referrals are
not matched to that record, and one for a person who restricted processing is refused."""

import pytest

from navigator.api.tests.factories import client_with_token
from navigator.fhir.tests import examples
from navigator.fhir.tests.helpers import get, outcome, post
from navigator.fhir.tests.test_outcome_document import closed_case
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.models import Referral
from navigator.restrictions.tests.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(organisation):
    return client_with_token(organisation, name="EMIS at Chapel Allerton")


@pytest.fixture
def sent(client, credential, organisation):
    """Two referrals the client sent: one still waiting to be matched to a record, then one
    matched to Ada's record, which is then restricted."""
    post(client, "/fhir/Bundle", examples.transaction(identifier="REF-WAITING"), credential)
    ada = PersonFactory(organisation=organisation, nhs_number=examples.NHS_NUMBER)
    post(client, "/fhir/Bundle", examples.transaction(identifier="REF-ADA"), credential)
    RestrictionFactory(person=ada)
    return {
        "ada": Referral.objects.get(person=ada),
        "waiting": Referral.objects.get(person__isnull=True),
    }


@pytest.mark.parametrize("kind", ["Task", "ServiceRequest"])
def test_reading_a_restricted_persons_referral_answers_404(client, credential, sent, kind):
    def status(referral):
        return get(client, f"/fhir/{kind}/{referral.reference}", credential).status_code

    assert (status(sent["waiting"]), status(sent["ada"])) == (200, 404)


@pytest.mark.parametrize("kind", ["Task", "ServiceRequest"])
def test_searches_leave_the_restricted_person_out(client, credential, sent, kind):
    found = get(client, f"/fhir/{kind}", credential).json()

    assert found["total"] == 1
    assert [entry["resource"]["id"] for entry in found["entry"]] == [sent["waiting"].reference]


def test_the_outcome_document_of_a_restricted_person_answers_404(client, organisation, link_worker):
    credential = client_with_token(organisation)
    referral = closed_case(client, credential, organisation, link_worker, codes_only=False)
    path = f"/fhir/Bundle/outcome-{referral.reference}"
    before = get(client, path, credential).status_code
    RestrictionFactory(person=referral.person)

    after = get(client, path, credential)

    assert (before, after.status_code) == (200, 404)


def test_a_new_referral_is_not_matched_to_a_restricted_record(client, credential, organisation):
    ada = PersonFactory(organisation=organisation, nhs_number=examples.NHS_NUMBER)
    RestrictionFactory(person=ada)

    response = post(client, "/fhir/Bundle", examples.transaction(), credential)

    assert response.status_code == 201
    referral = Referral.objects.get()
    assert referral.person is None
    assert referral.nhs_number == examples.NHS_NUMBER


def test_a_referral_for_a_person_who_restricted_processing_is_refused(
    client, credential, organisation
):
    ada = PersonFactory(organisation=organisation, nhs_number=examples.NHS_NUMBER)
    RestrictionFactory(person=ada, processing_restricted=True)

    response = post(client, "/fhir/Bundle", examples.transaction(), credential)

    assert response.status_code == 422
    assert outcome(response).issue[0].diagnostics == (
        "This service cannot take this referral through the API: contact the service"
    )
    assert not Referral.objects.exists()


def test_a_retry_of_a_referral_now_restricted_is_told_it_cannot_be_read(client, credential, sent):
    again = post(client, "/fhir/Bundle", examples.transaction(identifier="REF-ADA"), credential)

    assert again.status_code == 409
    assert outcome(again).issue[0].code == "conflict"
    assert Referral.objects.count() == 2

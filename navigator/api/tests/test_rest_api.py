"""Round trips through the REST API with a test client credential: what each route answers,
its paging and date filters, and the audit of what it shows."""

import datetime

import pytest
from django.utils import timezone

from navigator.api.models import Scope
from navigator.api.tests.factories import client_with_token
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory
from navigator.referrals import services as referral_services
from navigator.referrals.models import Referral, SourceType
from navigator.referrals.states import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(organisation):
    return client_with_token(organisation, scopes=[Scope.READ_RECORDS], name="Reporting tool")


def _referral(organisation, given_name: str, received: datetime.datetime) -> Referral:
    return referral_services.receive_referral(
        organisation=organisation,
        data={
            "given_name": given_name,
            "family_name": "Zyxwv",
            "date_of_birth": datetime.date(1950, 1, 2),
            "source_type": SourceType.SELF,
        },
        received_at=received,
    )


def test_people_are_listed_a_page_at_a_time_and_each_listed_is_audited(
    client, credential, organisation, other_organisation
):
    ours = [PersonFactory(organisation=organisation) for _ in range(3)]
    PersonFactory(organisation=other_organisation)

    first = client.get("/api/v1/people", {"page_size": 2}, headers=credential.headers).json()
    answer = client.get("/api/v1/people", {"page_size": 2, "page": 2}, headers=credential.headers)
    second = answer.json()

    assert first["count"] == 3
    assert [p["id"] for p in first["items"] + second["items"]] == [p.pk for p in ours]
    viewed = AuditEvent.objects.filter(object_type="people.person", action="viewed")
    assert sorted(viewed.values_list("person_id", flat=True)) == sorted(p.pk for p in ours)
    assert set(viewed.values_list("actor_name", flat=True)) == {"API client Reporting tool"}
    assert answer["Cache-Control"] == "no-store"


def test_another_organisations_person_does_not_exist(client, credential, other_organisation):
    theirs = PersonFactory(organisation=other_organisation)

    response = client.get(f"/api/v1/people/{theirs.pk}", headers=credential.headers)

    assert response.status_code == 404


def test_referrals_are_filtered_by_the_day_received_and_state(client, credential, organisation):
    march = timezone.make_aware(datetime.datetime(2026, 3, 5, 10, 0))
    may = timezone.make_aware(datetime.datetime(2026, 5, 6, 10, 0))
    early = _referral(organisation, "Early", march)
    late = _referral(organisation, "Late", may)
    referral_services.move(referral=late, to=State.DECLINED)

    in_march = client.get(
        "/api/v1/referrals",
        {"since": "2026-03-01", "until": "2026-03-05"},
        headers=credential.headers,
    ).json()
    declined = client.get(
        "/api/v1/referrals", {"state": "declined"}, headers=credential.headers
    ).json()

    assert [r["reference"] for r in in_march["items"]] == [early.reference]
    assert [r["reference"] for r in declined["items"]] == [late.reference]
    assert declined["items"][0]["task_status"] == "rejected"


def test_a_referral_shows_its_history(client, credential, organisation):
    referral = _referral(organisation, "Hist", timezone.now())
    referral_services.move(referral=referral, to=State.INFO_REQUESTED)

    body = client.get(f"/api/v1/referrals/{referral.pk}", headers=credential.headers).json()

    assert body["state"] == "info_requested"
    assert [(m["from_state"], m["to_state"]) for m in body["history"]] == [
        ("", "received"),
        ("received", "info_requested"),
    ]


def test_caseloads_count_open_cases_per_link_worker(client, credential, organisation, link_worker):
    referral = _referral(organisation, "Case", timezone.now())
    referral = referral_services.move(referral=referral, to=State.TRIAGED)
    referral = referral_services.move(referral=referral, to=State.ACCEPTED)
    referral_services.allocate(referral=referral, link_worker=link_worker)

    body = client.get("/api/v1/caseloads", headers=credential.headers).json()

    assert body["items"] == [
        {"link_worker_id": link_worker.pk, "link_worker": str(link_worker), "open_cases": 1}
    ]


@pytest.mark.parametrize(
    "path", ["/api/v1/contacts", "/api/v1/activity-referrals", "/api/v1/outcome-scores"]
)
def test_the_other_lists_answer_an_empty_page_for_a_new_service(client, credential, path):
    body = client.get(path, {"since": "2026-01-01"}, headers=credential.headers).json()

    assert body == {"count": 0, "page": 1, "page_size": 50, "items": []}


def test_a_bad_date_is_refused(client, credential):
    response = client.get("/api/v1/referrals", {"since": "2026-02-30"}, headers=credential.headers)

    assert response.status_code == 422


def test_the_openapi_document_is_public(client):
    document = client.get("/api/v1/openapi.json").json()

    assert set(document["paths"]) == {
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/referrals",
        "/api/v1/referrals/{referral_id}",
        "/api/v1/caseloads",
        "/api/v1/contacts",
        "/api/v1/activity-referrals",
        "/api/v1/outcome-scores",
    }

"""A restriction names staff, never an API client: through the REST API a restricted person and
everything about them are left out of every list and answer 404 when asked for, while an
unrestricted person of the same service is there."""

import datetime

import pytest
from django.utils import timezone

from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.api.models import Scope
from navigator.api.tests.factories import client_with_token
from navigator.audit.models import AuditEvent
from navigator.contacts.models import Contact
from navigator.outcomes.models import Score
from navigator.outcomes.tests.helpers import ONS4_BASELINE, completed
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.tests.factories import ReferralFactory
from navigator.restrictions.tests.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(datetime.datetime(2026, 6, 1, 10, 0))


@pytest.fixture
def credential(organisation):
    return client_with_token(organisation, scopes=[Scope.READ_RECORDS], name="Reporting tool")


def _everything_about(person, link_worker) -> dict[str, list[int]]:
    """The ids of a referral, a contact, an activity referral and outcome scores of `person`."""
    referral = ReferralFactory(organisation=person.organisation, person=person, received_at=WHEN)
    contact = Contact.objects.create(
        organisation=person.organisation,
        referral=referral,
        person=person,
        when=WHEN,
        mode="in_person",
        recorded_by=link_worker,
    )
    activity_referral = ActivityReferralFactory(person=person, made_by=link_worker)
    measure = completed(person, link_worker, ONS4_BASELINE)
    return {
        "people": [person.pk],
        "referral": [referral.pk],
        "contact": [contact.pk],
        "activity": [activity_referral.pk],
        "score": sorted(Score.objects.filter(administration=measure).values_list("pk", flat=True)),
    }


@pytest.fixture
def open_record(organisation, link_worker):
    person = PersonFactory(organisation=organisation, given_name="Grace", family_name="Hopper")
    return person, _everything_about(person, link_worker)


@pytest.fixture
def restricted(organisation, link_worker):
    person = PersonFactory(organisation=organisation, given_name="Ada", family_name="Byron")
    RestrictionFactory(person=person, named_staff=[link_worker])
    return person, _everything_about(person, link_worker)


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/api/v1/people", "people"),
        ("/api/v1/referrals", "referral"),
        ("/api/v1/contacts", "contact"),
        ("/api/v1/activity-referrals", "activity"),
        ("/api/v1/outcome-scores", "score"),
    ],
)
def test_each_list_leaves_the_restricted_person_out(
    client, credential, open_record, restricted, path, key
):
    body = client.get(path, headers=credential.headers).json()

    shown, records = open_record
    assert body["count"] == len(records[key])
    assert sorted(item["id"] for item in body["items"]) == records[key]
    viewed = AuditEvent.objects.filter(action="viewed", person_id__isnull=False)
    assert set(viewed.values_list("person_id", flat=True)) == {shown.pk}


@pytest.mark.parametrize(
    ("path", "key"), [("/api/v1/people/{}", "people"), ("/api/v1/referrals/{}", "referral")]
)
def test_each_read_of_one_record_answers_404_for_the_restricted_person_only(
    client, credential, open_record, restricted, path, key
):
    def answer(record):
        _person, records = record
        return client.get(path.format(records[key][0]), headers=credential.headers).status_code

    assert (answer(open_record), answer(restricted)) == (200, 404)
    assert not AuditEvent.objects.filter(person_id=restricted[0].pk, action="viewed").exists()


def test_the_staff_named_still_see_the_record(signed_in, link_worker, restricted):
    person, _records = restricted

    page = signed_in(link_worker).get(f"/people/{person.pk}/")

    assert page.status_code == 200
    assert "Ada Byron" in page.text

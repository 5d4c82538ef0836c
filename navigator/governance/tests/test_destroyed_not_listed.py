"""The stub a destroyed record leaves is only for reports: it is in no list or search of people,
on the pages or through the API, while a record due for destruction and not yet destroyed is."""

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.api.models import Scope
from navigator.api.tests.factories import client_with_token
from navigator.governance.models import ReviewStatus
from navigator.governance.tests.factories import DestructionReviewFactory
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stub(organisation):
    # As destruction leaves it (people/personal_data.py): the name overwritten.
    person = PersonFactory(organisation=organisation, given_name="Destroyed", family_name="record")
    DestructionReviewFactory(
        person=person, status=ReviewStatus.DESTROYED, destroyed_at=timezone.now()
    )
    return person


@pytest.fixture
def due(organisation):
    person = PersonFactory(organisation=organisation, given_name="Ada", family_name="Byron")
    DestructionReviewFactory(person=person, status=ReviewStatus.DUE)
    return person


def test_the_people_list_and_its_search_leave_the_stub_out(signed_in, link_worker, stub, due):
    client = signed_in(link_worker)

    listed = client.get(reverse("people:list"))
    searched = client.get(reverse("people:list"), {"q": "Destroyed"})

    assert "Ada Byron" in listed.text
    assert "Destroyed record" not in listed.text
    assert f"/people/{stub.pk}/" not in listed.text + searched.text
    assert "Destroyed record" not in searched.text


def test_the_api_leaves_the_stub_out(client, organisation, stub, due):
    credential = client_with_token(organisation, scopes=[Scope.READ_RECORDS])

    people = client.get("/api/v1/people", headers=credential.headers).json()
    one = client.get(f"/api/v1/people/{stub.pk}", headers=credential.headers)

    assert [person["id"] for person in people["items"]] == [due.pk]
    assert one.status_code == 404

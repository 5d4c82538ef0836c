"""A GP practice the national file lists as closed (or dormant) is no longer offered when a
practice is chosen for someone, but a person already registered with it keeps it: their record
shows it and saving their record leaves it."""

import pytest
from django.urls import reverse

from navigator.people.models import Person, PracticeStatus
from navigator.people.tests.factories import GPPracticeFactory, PersonFactory
from navigator.people.tests.helpers import new_person_data, person_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices():
    return (
        GPPracticeFactory(ods_code="B86001", name="Chapel Allerton Surgery"),
        GPPracticeFactory(
            ods_code="B86099", name="Harehills Corner Surgery", status=PracticeStatus.CLOSED
        ),
    )


def test_a_closed_practice_is_not_offered_for_a_new_person(signed_in, link_worker, practices):
    _open, closed = practices
    client = signed_in(link_worker)

    form = client.get(reverse("people:create")).text
    refused = client.post(reverse("people:create"), new_person_data(gp_practice=closed))

    assert "Chapel Allerton Surgery (B86001)" in form
    assert "Harehills Corner Surgery" not in form
    assert refused.status_code == 200
    assert "from the choices given" in refused.text
    assert not Person.objects.exists()


def test_someone_registered_with_a_closed_practice_keeps_it(
    signed_in, link_worker, organisation, practices
):
    _open, closed = practices
    person = PersonFactory(organisation=organisation, gp_practice=closed)
    client = signed_in(link_worker)

    form = client.get(reverse("people:edit", args=[person.pk])).text
    saved = client.post(
        reverse("people:edit", args=[person.pk]), person_data(person, preferred_name="Peg")
    )
    record = client.get(reverse("people:detail", args=[person.pk])).text

    assert f'<option value="{closed.pk}" selected\n  >Harehills Corner Surgery (B86099)' in form
    assert saved.status_code == 302
    person.refresh_from_db()
    assert (person.preferred_name, person.gp_practice) == ("Peg", closed)
    assert "Harehills Corner Surgery" in record

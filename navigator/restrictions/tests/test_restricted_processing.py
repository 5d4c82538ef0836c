"""Restricted processing (UK GDPR Article 18): the staff named can still see the record, but
nothing about the person can be changed until the restriction is lifted; everyone else meets
it as a restricted record."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.people.models import FamilyMember, Person
from navigator.people.tests.factories import PersonFactory
from navigator.people.tests.helpers import family_member_data, person_data
from navigator.restrictions.tests.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(organisation):
    return UserFactory(organisation=organisation, role=Role.LINK_WORKER, username="named")


@pytest.fixture
def ada(organisation, named):
    person = PersonFactory(organisation=organisation, given_name="Ada", family_name="Byron")
    RestrictionFactory(person=person, named_staff=[named], processing_restricted=True)
    return person


def test_named_staff_can_see_the_record_and_are_told_why_it_cannot_change(signed_in, named, ada):
    page = signed_in(named).get(reverse("people:detail", args=[ada.pk]))

    assert page.status_code == 200
    assert "Processing is restricted" in page.text


def test_nothing_about_the_person_can_be_changed(signed_in, named, ada):
    client = signed_in(named)

    edited = client.post(
        reverse("people:edit", args=[ada.pk]), person_data(ada, family_name="Lovelace")
    )
    added = client.post(reverse("people:family_add", args=[ada.pk]), family_member_data())

    assert (edited.status_code, added.status_code) == (404, 404)
    assert Person.objects.get(pk=ada.pk).family_name == "Byron"
    assert not FamilyMember.objects.exists()


def test_once_lifted_the_record_can_be_corrected(signed_in, manager, named, ada):
    signed_in(manager).post(
        reverse("restrictions:edit", args=[ada.pk]),
        {"kind": "other", "reason": "Objection upheld", "named_staff": [named.pk]},
    )

    edited = signed_in(named).post(
        reverse("people:edit", args=[ada.pk]), person_data(ada, family_name="Lovelace")
    )

    assert edited.status_code == 302
    assert Person.objects.get(pk=ada.pk).family_name == "Lovelace"


def test_staff_not_named_do_not_see_it_at_all(signed_in, link_worker, ada):
    assert signed_in(link_worker).get(reverse("people:detail", args=[ada.pk])).status_code == 404

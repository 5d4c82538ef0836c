"""Merging two records of one person: a restriction on the duplicate moves to the kept record;
when both are restricted, the kept record's restriction names the staff of both, restricts
and the duplicate's is lifted, all on the person's audit trail."""

import datetime

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.restrictions.models import Restriction
from navigator.restrictions.tests.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1944, 8, 21)


@pytest.fixture
def records(organisation):
    kept = PersonFactory(
        organisation=organisation, given_name="Philippa", family_name="Quinn", date_of_birth=BORN
    )
    duplicate = PersonFactory(
        organisation=organisation, given_name="Pippa", family_name="Quinn", date_of_birth=BORN
    )
    return kept, duplicate


@pytest.fixture
def staff(organisation):
    return {
        name: UserFactory(organisation=organisation, role=Role.LINK_WORKER, username=name)
        for name in ("asha", "ben")
    }


def merge(client, kept: Person, absorbed: Person):
    return client.post(
        reverse("people:merge_confirm", args=[kept.pk, absorbed.pk]), {"confirm": "on"}
    )


def test_two_restricted_records_merge_and_their_named_staff_combine(
    signed_in, manager, staff, records
):
    kept, duplicate = records
    RestrictionFactory(
        person=kept, named_staff=[manager, staff["asha"]], reason="Sister of a link worker"
    )
    RestrictionFactory(
        person=duplicate, named_staff=[manager, staff["ben"]], reason="A safeguarding case"
    )

    response = merge(signed_in(manager), kept, duplicate)

    assert response.status_code == 302, response.text
    assert Person.objects.get(pk=duplicate.pk).merged_into_id == kept.pk
    restriction = Restriction.objects.get()
    assert restriction.person_id == kept.pk
    assert {user.username for user in restriction.named_staff.all()} == {
        manager.username,
        "asha",
        "ben",
    }
    assert restriction.reason == "Sister of a link worker\n\nA safeguarding case"
    changed = AuditEvent.objects.get(
        object_type="restrictions.restriction", action="updated", person_id=kept.pk
    )
    assert changed.changes["named_staff"] == [
        sorted([str(manager), str(staff["asha"])]),
        sorted([str(manager), str(staff["asha"]), str(staff["ben"])]),
    ]
    assert AuditEvent.objects.filter(
        object_type="restrictions.restriction", action="deleted", person_id=duplicate.pk
    ).exists()


def test_the_duplicates_restriction_moves_to_the_kept_record(signed_in, manager, staff, records):
    kept, duplicate = records
    RestrictionFactory(person=duplicate, named_staff=[manager, staff["ben"]])

    response = merge(signed_in(manager), kept, duplicate)

    assert response.status_code == 302, response.text
    restriction = Restriction.objects.get()
    assert restriction.person_id == kept.pk
    assert {user.username for user in restriction.named_staff.all()} == {manager.username, "ben"}
    assert signed_in(staff["asha"]).get(f"/people/{kept.pk}/").status_code == 404

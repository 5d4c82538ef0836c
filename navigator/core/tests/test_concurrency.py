import pytest

from navigator.core.concurrency import StaleEditError, update_versioned
from navigator.people.models import Person
from navigator.people.tests.factories import FamilyMemberFactory, PersonFactory


@pytest.fixture
def person(organisation):
    return PersonFactory(organisation=organisation, given_name="Ada", family_name="Lovelace")


def test_update_at_current_version_writes_and_bumps_version(person):
    before = person.updated_at

    updated = update_versioned(person, expected_version=1, changes={"given_name": "Augusta"})

    assert updated.version == 2
    assert updated.given_name == "Augusta"
    assert updated.updated_at > before
    saved = Person.objects.get(pk=person.pk)
    assert (saved.given_name, saved.version) == ("Augusta", 2)


def test_update_from_stale_version_is_refused_and_writes_nothing(person):
    update_versioned(person, expected_version=1, changes={"given_name": "Augusta"})
    stale = Person.objects.get(pk=person.pk)

    with pytest.raises(StaleEditError) as error:
        update_versioned(stale, expected_version=1, changes={"family_name": "King"})

    assert error.value.current.given_name == "Augusta"
    assert error.value.current.version == 2
    saved = Person.objects.get(pk=person.pk)
    assert (saved.family_name, saved.version) == ("Lovelace", 2)


def test_two_saves_from_the_same_version_cannot_both_succeed(person):
    first = Person.objects.get(pk=person.pk)
    second = Person.objects.get(pk=person.pk)

    update_versioned(first, expected_version=1, changes={"town": "Leeds"})
    with pytest.raises(StaleEditError):
        update_versioned(second, expected_version=1, changes={"town": "Halifax"})

    assert Person.objects.get(pk=person.pk).town == "Leeds"


def test_models_without_updated_at_are_versioned_too(organisation):
    member = FamilyMemberFactory(person__organisation=organisation, relationship="Son")

    update_versioned(member, expected_version=1, changes={"relationship": "Grandson"})

    member.refresh_from_db()
    assert (member.relationship, member.version) == ("Grandson", 2)

import contextlib
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation, Team, User
from navigator.accounts.permissions import Role
from navigator.core.validators import (
    normalise_nhs_number,
    normalise_phone_number,
    normalise_postcode,
)
from navigator.demo.synthetic import DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS, TEAM_NAMES
from navigator.people.models import FamilyMember, GPPractice, Person

pytestmark = pytest.mark.django_db


def run_demo(people: int, seed: int = 7) -> str:
    output = StringIO()
    call_command("demo", people=people, seed=seed, demo_site=True, stdout=output)
    return output.getvalue()


def people_fingerprint() -> list[tuple]:
    with scopes_disabled():
        return list(
            Person.objects.order_by("pk").values_list(
                "given_name", "family_name", "date_of_birth", "nhs_number", "postcode"
            )
        )


class Undo(Exception):
    pass


@contextlib.contextmanager
def undone() -> Iterator[None]:
    """Run the block in a savepoint and roll it back: the demo as if it had never run (people
    cannot simply be deleted once casework refers to them)."""
    with contextlib.suppress(Undo), transaction.atomic():
        yield
        raise Undo


def test_creates_one_user_per_role_with_the_documented_password() -> None:
    output = run_demo(people=10)

    users = User.objects.filter(username__in=[demo_user.username for demo_user in DEMO_USERS])
    assert users.count() == len(DEMO_USERS)
    assert {user.role for user in users} == set(Role.values)
    for user in users:
        assert user.check_password(DEMO_PASSWORD), user.username
        assert user.email == f"{user.username}@demo.navigator.invalid"
        assert user.first_name and user.last_name
    assert User.objects.get(username="admin").organisation is None
    assert User.objects.get(username="linkworker2").organisation.ods_code == "U67890"
    assert DEMO_PASSWORD in output
    assert "commissioner" in output


def test_creates_the_organisations_and_gp_practices() -> None:
    run_demo(people=10)

    organisations = Organisation.objects.filter(name__in=[spec.name for spec in DEMO_ORGANISATIONS])
    assert sorted(organisations.values_list("ods_code", flat=True)) == ["U12345", "U67890"]
    assert GPPractice.objects.filter(ods_code__startswith="B8").count() == 20


def test_each_service_has_two_teams_with_its_link_workers_in_the_first() -> None:
    run_demo(people=10)
    run_demo(people=10)

    with scopes_disabled():
        for spec in DEMO_ORGANISATIONS:
            teams = Team.objects.filter(organisation__name=spec.name).order_by("name")
            assert [team.name for team in teams] == list(TEAM_NAMES)
        for username in ("linkworker", "linkworker2"):
            user = User.objects.get(username=username)
            assert (user.team.name, user.team.organisation) == (TEAM_NAMES[0], user.organisation)


def test_creates_people_with_valid_identifiers_in_both_organisations() -> None:
    run_demo(people=50)

    with scopes_disabled():
        people = list(Person.objects.all())
        family_members = list(FamilyMember.objects.select_related("person"))
    assert len(people) == 50
    for person in people:
        assert normalise_nhs_number(person.nhs_number) == person.nhs_number
        assert person.nhs_number.startswith("999")
        assert normalise_postcode(person.postcode) == person.postcode
        assert normalise_phone_number(person.phone) == person.phone
        assert person.consent_to_hold and person.consent_method and person.consent_recorded_at
        assert person.gp_practice_id
    assert {person.organisation.name for person in people} == {
        spec.name for spec in DEMO_ORGANISATIONS
    }
    assert family_members
    for member in family_members:
        assert member.organisation_id == member.person.organisation_id
        assert normalise_phone_number(member.phone) == member.phone


def test_running_twice_creates_no_duplicates() -> None:
    run_demo(people=30)
    output = run_demo(people=30)

    with scopes_disabled():
        assert Person.objects.count() == 30
        family_members = FamilyMember.objects.count()
    assert Organisation.objects.count() == 3
    assert User.objects.count() == len(DEMO_USERS)
    assert GPPractice.objects.count() == 20
    assert "Created 0 people, 0 family members; 30 already present" in output
    run_demo(people=30)
    with scopes_disabled():
        assert FamilyMember.objects.count() == family_members


def test_the_same_seed_gives_the_same_people() -> None:
    with undone():
        run_demo(people=30, seed=11)
        first = people_fingerprint()

    run_demo(people=30, seed=11)

    assert people_fingerprint() == first


def test_a_different_seed_gives_different_people() -> None:
    with undone():
        run_demo(people=30, seed=11)
        first = people_fingerprint()

    run_demo(people=30, seed=12)

    assert people_fingerprint() != first


def test_a_larger_number_tops_up_the_people() -> None:
    run_demo(people=30)
    output = run_demo(people=45)

    with scopes_disabled():
        assert Person.objects.count() == 45
    assert "Created 15 people" in output
    assert "30 already present" in output

import pytest
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation, Team, User
from navigator.accounts.permissions import Role
from navigator.core.validators import (
    normalise_nhs_number,
    normalise_phone_number,
    normalise_postcode,
)
from navigator.demo.synthetic import DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS, TEAM_NAMES
from navigator.demo.tests.helpers import demo_run, run_demo
from navigator.people.models import FamilyMember, GPPractice, Person

pytestmark = pytest.mark.django_db

PEOPLE = 50
demo = demo_run(people=PEOPLE)


def test_creates_one_user_per_role_with_the_documented_password(demo) -> None:
    users = User.objects.filter(username__in=[demo_user.username for demo_user in DEMO_USERS])
    assert users.count() == len(DEMO_USERS)
    assert {user.role for user in users} == set(Role.values)
    for user in users:
        assert user.check_password(DEMO_PASSWORD), user.username
        assert user.email == f"{user.username}@demo.navigator.invalid"
        assert user.first_name and user.last_name
    assert User.objects.get(username="admin").organisation is None
    assert User.objects.get(username="linkworker2").organisation.ods_code == "U67890"
    assert DEMO_PASSWORD in demo
    assert "commissioner" in demo


def test_creates_the_organisations_and_gp_practices(demo) -> None:
    organisations = Organisation.objects.filter(name__in=[spec.name for spec in DEMO_ORGANISATIONS])
    assert sorted(organisations.values_list("ods_code", flat=True)) == ["U12345", "U67890"]
    assert GPPractice.objects.filter(ods_code__startswith="B8").count() == 20


def test_each_service_has_two_teams_with_its_link_workers_in_the_first(demo) -> None:
    with scopes_disabled():
        for spec in DEMO_ORGANISATIONS:
            teams = Team.objects.filter(organisation__name=spec.name).order_by("name")
            assert [team.name for team in teams] == list(TEAM_NAMES)
        for username in ("linkworker", "linkworker2"):
            user = User.objects.get(username=username)
            assert (user.team.name, user.team.organisation) == (TEAM_NAMES[0], user.organisation)


def test_creates_people_with_valid_identifiers_in_both_organisations(demo) -> None:
    with scopes_disabled():
        people = list(Person.objects.all())
        family_members = list(FamilyMember.objects.select_related("person"))
    assert len(people) == PEOPLE
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


def test_running_twice_creates_no_duplicates(demo) -> None:
    with scopes_disabled():
        family_members = FamilyMember.objects.count()

    output = run_demo(people=PEOPLE)

    with scopes_disabled():
        assert Person.objects.count() == PEOPLE
        assert FamilyMember.objects.count() == family_members
        assert Team.objects.count() == len(DEMO_ORGANISATIONS) * len(TEAM_NAMES)
    assert Organisation.objects.count() == 3
    assert User.objects.count() == len(DEMO_USERS)
    assert GPPractice.objects.count() == 20
    assert f"Created 0 people, 0 family members; {PEOPLE} already present" in output


def test_a_larger_number_tops_up_the_people(demo) -> None:
    output = run_demo(people=PEOPLE + 15)

    with scopes_disabled():
        assert Person.objects.count() == PEOPLE + 15
    assert "Created 15 people" in output
    assert f"{PEOPLE} already present" in output

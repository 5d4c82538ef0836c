"""What only a fresh database shows: the same seed gives the same demo, casework stays bounded
however many people, and an older demo's commissioner is moved. Each test runs the command
itself (kept small); the other demo tests read one shared run."""

import pytest
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.demo import cases
from navigator.demo.synthetic import COMMISSIONING_ORGANISATION, DEMO_ORGANISATIONS
from navigator.demo.tests.helpers import run_demo, undone
from navigator.feedback.models import FeedbackResponse
from navigator.outcomes.models import Administration
from navigator.people.models import Person
from navigator.referrals.models import Referral

pytestmark = pytest.mark.django_db

SERVICES = [spec.name for spec in DEMO_ORGANISATIONS]
# A case named the same on every run (not by its reference: the application draws it at random).
CASE = ("referral__nhs_number", "referral__received_at")


def people() -> list[tuple]:
    return list(
        Person.objects.order_by("pk").values_list(
            "given_name", "family_name", "date_of_birth", "nhs_number", "postcode"
        )
    )


def casework() -> list[tuple]:
    return list(
        Referral.objects.order_by("person__nhs_number", "received_at").values_list(
            "state", "source_type", "person__nhs_number", "allocated_to__username", "received_at"
        )
    )


def measures_and_feedback() -> list[tuple]:
    return list(
        Administration.objects.order_by(*CASE, "instrument_code", "time_point").values_list(
            *CASE, "instrument_code", "time_point", "answers"
        )
    ) + list(
        FeedbackResponse.objects.order_by(*CASE, "occasion").values_list(
            *CASE, "occasion", "fft_answer", "respondent", "anonymous"
        )
    )


def fingerprint() -> dict[str, list[tuple]]:
    with scopes_disabled():
        return {
            "people": people(),
            "casework": casework(),
            "measures and feedback": measures_and_feedback(),
        }


def test_the_same_seed_gives_the_same_people_casework_measures_and_feedback() -> None:
    with undone():
        run_demo(people=60, seed=3)
        first = fingerprint()

    run_demo(people=60, seed=3)

    assert all(first.values()), first
    assert fingerprint() == first


def test_a_different_seed_gives_different_people() -> None:
    with undone():
        run_demo(people=20, seed=11)
        first = fingerprint()["people"]

    run_demo(people=20, seed=12)

    assert fingerprint()["people"] != first


def test_casework_is_bounded_however_many_people(monkeypatch) -> None:
    monkeypatch.setattr(cases, "MAX_CASES_PER_ORGANISATION", 2)

    run_demo(people=60)

    with scopes_disabled():
        assert Referral.objects.count() == 4
    run_demo(people=80)
    with scopes_disabled():
        assert Referral.objects.count() == 4


def test_an_older_demo_commissioner_is_moved_and_a_second_run_changes_nothing() -> None:
    leeds = Organisation.objects.create(name=SERVICES[0], ods_code="U12345")
    User.objects.create_user(
        username="commissioner", role=Role.COMMISSIONER, organisation=leeds, password="x"
    )

    run_demo(people=10)
    commissioning = Organisation.objects.get(name=COMMISSIONING_ORGANISATION)
    assert User.objects.get(username="commissioner").organisation == commissioning
    run_demo(people=10)

    assert Organisation.objects.filter(name=COMMISSIONING_ORGANISATION).count() == 1
    assert commissioning.funds.count() == 2
    assert User.objects.get(username="commissioner").organisation == commissioning

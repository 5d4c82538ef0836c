"""An audited record's foreign keys are stored as the related records' labels. Within one
actor's context each related record is loaded once, not once per audited record, and a label
is never stored stale: a rename in the same context (saved, updated in bulk, or rolled back)
shows in the next record audited."""

import pytest
from django.db import transaction

from navigator.accounts.tests.factories import UserFactory
from navigator.audit import services
from navigator.audit.context import Actor, acting_as
from navigator.audit.labels import EVERY_TABLE, written_table
from navigator.people.models import GPPractice, Person
from navigator.people.tests.factories import GPPracticeFactory, PersonFactory
from navigator.plans.models import Goal
from navigator.plans.tests.factories import make_plan

LINKS = ("organisation", "gp_practice", "consent_recorded_by")


@pytest.fixture
def people(organisation):
    """Three people of one organisation and practice, their consent recorded by one worker."""
    practice = GPPracticeFactory(name="Chapel Allerton Surgery", ods_code="B86001")
    worker = UserFactory(organisation=organisation, first_name="Priya", last_name="Shah")
    for given_name in ("Ada", "Ben", "Cleo"):
        PersonFactory(
            organisation=organisation,
            given_name=given_name,
            gp_practice=practice,
            consent_recorded_by=worker,
        )
    return practice


def _fresh(given_name: str) -> Person:
    """The person as a service holds it: loaded alone, its related records not yet."""
    return Person.objects.get(given_name=given_name)


def _links(given_name: str) -> dict[str, object]:
    event = services.record_creation(_fresh(given_name), person_id=None)
    return {name: event.changes.get(name, [None, None])[1] for name in LINKS}


def test_an_actor_loads_each_related_record_once(people, django_assert_num_queries):
    ada, ben, cleo = _fresh("Ada"), _fresh("Ben"), _fresh("Cleo")

    # 3 people each write one event, and their 3 related records are loaded once.
    with acting_as(Actor(label="Import")), django_assert_num_queries(3 + 3):
        events = [services.record_creation(p, person_id=p.pk) for p in (ada, ben, cleo)]

    for event in events:
        assert {name: event.changes[name] for name in LINKS} == {
            "organisation": [None, "Leeds North Social Prescribing"],
            "gp_practice": [None, "Chapel Allerton Surgery (B86001)"],
            "consent_recorded_by": [None, "Priya Shah"],
        }


def test_outside_an_actor_each_record_loads_its_own(people, django_assert_num_queries):
    ada, ben = _fresh("Ada"), _fresh("Ben")

    with django_assert_num_queries(2 * (3 + 1)):
        services.record_creation(ada, person_id=ada.pk)
        services.record_creation(ben, person_id=ben.pk)


def test_a_rename_in_the_same_context_is_stored(
    people, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with acting_as(Actor(label="Import")):
        assert _links("Ada")["gp_practice"] == "Chapel Allerton Surgery (B86001)"

        with django_capture_on_commit_callbacks(execute=True):  # the renames commit
            people.name = "Chapel Allerton Medical Centre"
            people.save()
            assert _links("Ben")["gp_practice"] == "Chapel Allerton Medical Centre (B86001)"

            GPPractice.objects.filter(pk=people.pk).update(name="Allerton Health")
        assert _links("Cleo")["gp_practice"] == "Allerton Health (B86001)"

        # Once committed, the new labels are remembered again: the second audit loads none.
        cleo = _fresh("Cleo")
        with django_assert_num_queries(1):
            services.record_creation(cleo, person_id=cleo.pk)


def test_a_rename_by_a_nested_actor_is_stored_by_the_outer_one(people):
    with acting_as(Actor(label="Import")):
        assert _links("Ada")["gp_practice"] == "Chapel Allerton Surgery (B86001)"
        with acting_as(Actor(label="Practice update")):
            GPPractice.objects.filter(pk=people.pk).update(name="Allerton Health")

        assert _links("Ben")["gp_practice"] == "Allerton Health (B86001)"


def test_a_label_made_from_another_record_follows_that_record(organisation):
    """A goal's plan is labelled with its person's name: renaming the person renames it."""
    ada = PersonFactory(organisation=organisation, given_name="Ada", family_name="Lovelace")
    make_plan(ada)

    with acting_as(Actor(label="Import")):
        assert services.snapshot(Goal.objects.get())["plan"] == "Support plan of Ada Lovelace"
        Person.objects.filter(pk=ada.pk).update(family_name="King")

        assert services.snapshot(Goal.objects.get())["plan"] == "Support plan of Ada King"


class Undone(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_rename_rolled_back_is_never_stored(organisation):
    # Outside a test's own transaction, so the rename's transaction really ends.
    practice = GPPracticeFactory(name="Chapel Allerton Surgery", ods_code="B86001")
    for given_name in ("Ada", "Ben", "Cleo"):
        PersonFactory(organisation=organisation, given_name=given_name, gp_practice=practice)

    with acting_as(Actor(label="Import")):
        assert _links("Ada")["gp_practice"] == "Chapel Allerton Surgery (B86001)"
        with pytest.raises(Undone), transaction.atomic():
            GPPractice.objects.filter(pk=practice.pk).update(name="Allerton Health")
            assert _links("Ben")["gp_practice"] == "Allerton Health (B86001)"
            raise Undone

        assert _links("Cleo")["gp_practice"] == "Chapel Allerton Surgery (B86001)"


def test_an_actor_inside_another_goes_on_with_its_memory(people, django_assert_num_queries):
    ada, ben = _fresh("Ada"), _fresh("Ben")

    with acting_as(Actor(label="Demo")):
        services.record_creation(ada, person_id=ada.pk)
        with acting_as(Actor(label="A step of the demo")), django_assert_num_queries(1):
            services.record_creation(ben, person_id=ben.pk)  # the event alone


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('SELECT "people_person"."id" FROM "people_person"', None),
        ('SAVEPOINT "s1_x1"', None),
        ('RELEASE SAVEPOINT "s1_x1"', None),
        ('UPDATE "people_person" SET "town" = %s WHERE "id" = %s', "people_person"),
        ('DELETE FROM "people_gppractice" WHERE "id" IN (%s)', "people_gppractice"),
        (
            'INSERT INTO "audit_auditevent" ("action") VALUES (%s) RETURNING "id"',
            "audit_auditevent",
        ),
        ('INSERT OR IGNORE INTO "plans_goal" ("words") VALUES (%s)', "plans_goal"),
        ('ROLLBACK TO SAVEPOINT "s1_x1"', EVERY_TABLE),
        ("SET LOCAL jit = off", EVERY_TABLE),
        ("update people_person set town = 'Leeds'", EVERY_TABLE),  # not quoted: unclear
        ('SELECT 1; UPDATE "people_person" SET "town" = %s', EVERY_TABLE),
    ],
)
def test_which_table_a_statement_writes_to(sql, table):
    assert written_table(sql) == table

import datetime

import pytest

from navigator.audit import services
from navigator.audit.context import Actor, acting_as
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import GPPracticeFactory, PersonFactory


@pytest.fixture
def ada(organisation):
    return PersonFactory(
        organisation=organisation,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=datetime.date(1955, 12, 10),
        gp_practice=GPPracticeFactory(name="Chapel Allerton Surgery", ods_code="B86001"),
    )


def test_snapshot_holds_plain_values(ada):
    values = services.snapshot(ada)

    assert values["given_name"] == "Ada"
    assert values["date_of_birth"] == "1955-12-10"
    assert values["gp_practice"] == "Chapel Allerton Surgery (B86001)"
    assert values["organisation"] == str(ada.organisation)
    assert "id" not in values
    assert "version" not in values
    assert "updated_at" not in values


def test_diff_lists_changed_fields_with_before_and_after():
    before = {"town": "Leeds", "postcode": "LS1 4AP", "phone": ""}
    after = {"town": "Halifax", "postcode": "LS1 4AP", "phone": "+441134960000"}

    assert services.diff(before, after) == {
        "town": ["Leeds", "Halifax"],
        "phone": ["", "+441134960000"],
    }


def test_events_name_the_acting_user_and_address(ada, link_worker):
    with acting_as(Actor(user=link_worker, ip_address="203.0.113.5")):
        event = services.record_view(ada, person_id=ada.pk)

    assert event.actor == link_worker
    assert event.actor_name == str(link_worker)
    assert event.ip_address == "203.0.113.5"
    assert event.organisation_id == ada.organisation_id
    assert (event.object_type, event.object_id, event.object_label) == (
        "people.person",
        str(ada.pk),
        "Ada Lovelace",
    )


def test_events_outside_a_request_are_by_the_system(ada):
    event = services.record_view(ada, person_id=ada.pk)

    assert (event.actor, event.actor_name, event.ip_address) == (None, "system", None)


def test_creation_records_the_values_set(ada):
    event = services.record_creation(ada, person_id=ada.pk)

    assert event.action == AuditEvent.Action.CREATED
    assert event.changes["given_name"] == [None, "Ada"]
    assert "preferred_name" not in event.changes  # empty values are left out


def test_change_records_only_what_changed(ada):
    before = services.snapshot(ada)
    ada.town = "Leeds"
    ada.save()

    event = services.record_change(ada, before=before, person_id=ada.pk)

    assert event.changes == {"town": ["", "Leeds"]}


def test_change_without_differences_records_nothing(ada):
    before = services.snapshot(ada)
    ada.save()

    assert services.record_change(ada, before=before, person_id=ada.pk) is None
    assert not AuditEvent.objects.exists()


def test_deletion_records_the_values_removed(ada):
    event = services.record_deletion(ada, person_id=ada.pk)

    assert event.action == AuditEvent.Action.DELETED
    assert event.changes["family_name"] == ["Lovelace", None]

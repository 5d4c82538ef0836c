"""insert_many writes what bulk_create would (by COPY on PostgreSQL), and objects_kept leaves
the garbage collector as it found it."""

import datetime
import gc
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from navigator.audit.models import AuditEvent
from navigator.core.bulk import insert_many, objects_kept
from navigator.directory.models import Contact, Schedule, Service
from navigator.directory.tests.factories import DirectoryOrganisationFactory

pytestmark = pytest.mark.django_db


def test_rows_inserted_in_bulk_read_back_as_given():
    organisation = DirectoryOrganisationFactory(name="Leeds Walking Club")
    before = timezone.now()
    service = Service(
        id=uuid.UUID("5a0d1c2e-0000-4000-8000-000000000001"),
        organisation=organisation,
        name="Walk & talk, “Tuesdays”\tby the canal\\",
        cost_amount=Decimal("3.50"),
        minimum_age=18,
        last_checked=datetime.date(2026, 11, 30),
    )

    insert_many(Service, [service])
    insert_many(
        Schedule,
        [Schedule(service=service, weekday=1, opens_at=datetime.time(10, 30), rrule="")],
    )
    insert_many(Contact, [Contact(service=service, phone_languages=[{"name": "Cymraeg"}])])

    saved = Service.objects.get()
    assert saved.name == "Walk & talk, “Tuesdays”\tby the canal\\"
    assert saved.organisation_id == organisation.id
    assert saved.cost_amount == Decimal("3.50")
    assert (saved.minimum_age, saved.maximum_age) == (18, None)
    assert saved.last_checked == datetime.date(2026, 11, 30)
    assert (saved.is_free, saved.takes_direct_referrals, saved.paused) == (False, True, False)
    assert saved.created_at >= before and saved.created_at == service.created_at
    assert not service._state.adding
    schedule = Schedule.objects.get()
    assert (schedule.weekday, schedule.opens_at, schedule.closes_at) == (
        1,
        datetime.time(10, 30),
        None,
    )
    assert Contact.objects.get().phone_languages == [{"name": "Cymraeg"}]


def test_rows_the_database_numbers_are_inserted_in_bulk():
    events = [
        AuditEvent(action=AuditEvent.Action.CREATED, object_type="directory.service", object_id=n)
        for n in ("1", "2")
    ]

    insert_many(AuditEvent, events)

    assert sorted(AuditEvent.objects.values_list("object_id", "changes")) == [("1", {}), ("2", {})]


def test_nothing_to_insert_inserts_nothing():
    assert list(insert_many(Service, [])) == []
    assert Service.objects.count() == 0


def test_objects_kept_leaves_the_collector_as_it_was():
    with objects_kept():
        assert gc.get_freeze_count() > 0

    assert gc.get_freeze_count() == 0

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from navigator.audit.models import AppendOnlyError, AuditEvent


@pytest.fixture
def event(organisation):
    return AuditEvent.objects.create(
        organisation=organisation,
        action=AuditEvent.Action.VIEWED,
        object_type="people.person",
        object_id="1",
        person_id=1,
    )


def test_new_events_can_be_added(event):
    assert AuditEvent.objects.count() == 1


def test_saving_an_existing_event_is_refused(event):
    event.action = AuditEvent.Action.DELETED

    with pytest.raises(AppendOnlyError):
        event.save()

    assert AuditEvent.objects.get().action == AuditEvent.Action.VIEWED


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()

    assert AuditEvent.objects.exists()


def test_queryset_update_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditEvent.Action.DELETED)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(object_label="tampered")

    assert AuditEvent.objects.get().object_label == ""


def test_queryset_delete_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.count() == 1


def test_update_or_create_of_an_existing_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update_or_create(pk=event.pk, defaults={"object_label": "tampered"})

    assert AuditEvent.objects.get().object_label == ""


def test_bulk_update_is_refused(event):
    # bulk_update runs without a savepoint, so the test's transaction cannot be read after it.
    event.object_label = "tampered"
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["object_label"])


def test_the_database_refuses_to_change_an_event_behind_the_models_back(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'deleted'")

    assert AuditEvent.objects.get().action == AuditEvent.Action.VIEWED


def test_the_database_refuses_to_delete_an_event(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")

    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_only_emptying_the_whole_database_removes_events(organisation):
    AuditEvent.objects.create(
        organisation=organisation, action=AuditEvent.Action.VIEWED, object_type="people.person"
    )

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEvent.objects.exists()

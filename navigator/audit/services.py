"""Writing the audit trail. Services call these; no view writes audit events itself."""

import datetime
import decimal
from collections.abc import Callable, Iterable, Mapping, Sequence

from django.db import models
from django.utils.duration import duration_iso_string

from navigator.audit.context import current_actor
from navigator.audit.labels import related_label
from navigator.audit.models import AuditEvent
from navigator.core.bulk import insert_many

Snapshot = dict[str, object]


AS_IS = frozenset({str, int, float, bool, type(None)})


def plain(value: object) -> object:
    """A JSON-safe form of a field value."""
    if type(value) in AS_IS:  # most values, and an import audits tens of thousands of records
        return value
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.timedelta):  # a case's own interval between contacts
        return duration_iso_string(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


# Bookkeeping and secrets never enter the trail: a password hash is not a changed value.
NEVER_AUDITED = frozenset({"version", "password", "last_login", "import_hash"})


def snapshot(instance: models.Model, exclude: Iterable[str] = NEVER_AUDITED) -> Snapshot:
    """The audited fields of a record, as plain values, for before/after comparison.
    "Last changed" timestamps are left out: they change on every save and say nothing."""
    values: Snapshot = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name in exclude or getattr(field, "auto_now", False):
            continue
        if field.is_relation:
            values[field.name] = related_label(instance, field)
        else:
            values[field.name] = plain(getattr(instance, field.attname))
    return values


def diff(before: Snapshot, after: Snapshot) -> dict[str, list[object]]:
    """{field: [before, after]} for each field whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def _event(
    *,
    action: str,
    instance: models.Model,
    person_id: int | None,
    changes: Mapping[str, object] | None = None,
    trail: int | None = None,
) -> AuditEvent:
    actor = current_actor()
    return AuditEvent(
        # Reference data shared by the deployment (GP practices) has no organisation.
        organisation_id=getattr(instance, "organisation_id", None) if trail is None else trail,
        actor=actor.user,
        actor_name=str(actor.user) if actor.user else (actor.label or "system"),
        ip_address=actor.ip_address,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_label=str(instance),
        person_id=person_id,
        changes=dict(changes or {}),
    )


def record(
    *,
    action: str,
    instance: models.Model,
    person_id: int | None,
    changes: Mapping[str, object] | None = None,
    trail: int | None = None,
) -> AuditEvent:
    """Append one event about `instance` to its organisation's trail, or to the trail of the
    organisation `trail` (for a record that belongs to no organisation, such as one)."""
    event = _event(
        action=action, instance=instance, person_id=person_id, changes=changes, trail=trail
    )
    event.save()
    return event


def record_view(instance: models.Model, *, person_id: int | None) -> AuditEvent:
    return record(action=AuditEvent.Action.VIEWED, instance=instance, person_id=person_id)


def record_many[M: models.Model](
    *,
    action: str,
    instances: Iterable[M],
    person_id: Callable[[M], int | None],
    changes: Callable[[M], Mapping[str, object]] | None = None,
    trail: Callable[[M], int | None] | None = None,
) -> Sequence[AuditEvent]:
    """One event per instance in a single insert, where a query each would cost too much
    (a list page, an upload of thousands of rows). `trail`: as for `record`, per instance."""
    events = [
        _event(
            action=action,
            instance=instance,
            person_id=person_id(instance),
            changes=changes(instance) if changes else None,
            trail=trail(instance) if trail else None,
        )
        for instance in instances
    ]
    return insert_many(AuditEvent, events)


def record_list_view[M: models.Model](
    records: Iterable[M],
    *,
    person_id: Callable[[M], int | None] = lambda person: person.pk,
) -> Sequence[AuditEvent]:
    """A list page shows who people are (names, dates of birth, a link worker's caseload):
    each record listed counts as viewed. `person_id` says whose record each is (a person's
    own, by default)."""
    return record_many(action=AuditEvent.Action.VIEWED, instances=records, person_id=person_id)


def record_creation(instance: models.Model, *, person_id: int | None) -> AuditEvent:
    changes = {
        name: [None, value]
        for name, value in snapshot(instance).items()
        if value not in (None, "", False)
    }
    return record(
        action=AuditEvent.Action.CREATED, instance=instance, person_id=person_id, changes=changes
    )


def record_change(
    instance: models.Model, *, before: Snapshot, person_id: int | None, reason: str = ""
) -> AuditEvent | None:
    """One event with each changed field's before and after, and `reason` when given (a
    correction of someone's record says why); nothing when nothing changed."""
    changes = diff(before, snapshot(instance))
    if not changes:
        return None
    if reason:
        changes[AuditEvent.REASON] = [None, reason]
    return record(
        action=AuditEvent.Action.UPDATED, instance=instance, person_id=person_id, changes=changes
    )


def record_deletion(instance: models.Model, *, person_id: int | None) -> AuditEvent:
    changes = {
        name: [value, None]
        for name, value in snapshot(instance).items()
        if value not in (None, "", False)
    }
    return record(
        action=AuditEvent.Action.DELETED, instance=instance, person_id=person_id, changes=changes
    )

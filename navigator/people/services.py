"""Writes to people's records. Each is one transaction and leaves an audit event."""

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.audit import services as audit
from navigator.audit.context import current_actor
from navigator.audit.models import AuditEvent
from navigator.core.concurrency import update_versioned
from navigator.people.models import FamilyMember, Person, PersonMerge

CONSENT_FIELDS = ("consent_to_hold", "consent_to_share", "consent_method")
# Filled from the absorbed record when the kept record has nothing; never overwritten.
MERGEABLE_FIELDS = [
    field.name
    for field in Person._meta.concrete_fields
    if field.name
    not in {"id", "organisation", "merged_into", "version", "created_at", "updated_at"}
    and not field.name.startswith("consent_")
]


def _stamp_consent(data: dict[str, Any], before: Person | None) -> dict[str, Any]:
    """Record when and by whom consent was given or changed (a withdrawal is a change too)."""
    if before is None:
        changed = bool(data.get("consent_to_hold") or data.get("consent_to_share"))
    else:
        changed = any(
            getattr(before, name) != data.get(name, getattr(before, name))
            for name in CONSENT_FIELDS
        )
    if changed:
        data["consent_recorded_at"] = timezone.now()
        data["consent_recorded_by"] = current_actor().user
    return data


@transaction.atomic
def create_person(*, organisation: Organisation, data: dict[str, Any]) -> Person:
    person = Person.objects.create(organisation=organisation, **_stamp_consent(dict(data), None))
    audit.record_creation(person, person_id=person.pk)
    return person


def _saved[M: models.Model](instance: M) -> M:
    """The row as saved now, locked until the transaction ends. The instance a view holds may
    already carry the typed values (a ModelForm writes them into it while validating), so it
    cannot serve as the "before" of an audit event."""
    return type(instance).objects.select_for_update().get(pk=instance.pk)


@transaction.atomic
def update_person(*, person: Person, expected_version: int, data: dict[str, Any]) -> Person:
    """Apply `data`; raises StaleEditError when someone saved since `expected_version`."""
    saved = _saved(person)
    before = audit.snapshot(saved)
    data = _stamp_consent(dict(data), saved)
    person = update_versioned(saved, expected_version=expected_version, changes=data)
    audit.record_change(person, before=before, person_id=person.pk)
    return person


@transaction.atomic
def add_family_member(*, person: Person, data: dict[str, Any]) -> FamilyMember:
    member = FamilyMember.objects.create(
        organisation_id=person.organisation_id, person=person, **data
    )
    audit.record_creation(member, person_id=person.pk)
    return member


@transaction.atomic
def update_family_member(
    *, member: FamilyMember, expected_version: int, data: dict[str, Any]
) -> FamilyMember:
    saved = _saved(member)
    before = audit.snapshot(saved)
    member = update_versioned(saved, expected_version=expected_version, changes=data)
    audit.record_change(member, before=before, person_id=member.person_id)
    return member


@transaction.atomic
def remove_family_member(*, member: FamilyMember) -> None:
    audit.record_deletion(member, person_id=member.person_id)
    member.delete()


class MergeError(ValueError):
    pass


@transaction.atomic
def merge_people(*, kept: Person, absorbed: Person, merged_by: User) -> PersonMerge:
    """Make `absorbed` part of `kept`. The kept record's values win; its empty fields take the
    absorbed record's values; family members move across; the absorbed record stays, marked
    merged, with a snapshot of everything it held, so nothing is lost."""
    if kept.pk == absorbed.pk:
        raise MergeError("A record cannot be merged with itself")
    # Decide on the rows as saved now: another manager may have merged either meanwhile.
    kept, absorbed = _saved(kept), _saved(absorbed)
    if kept.merged_into_id or absorbed.merged_into_id:
        raise MergeError("One of these records has already been merged")
    if kept.organisation_id != absorbed.organisation_id:
        raise MergeError("Records of different organisations cannot be merged")
    snapshot = audit.snapshot(absorbed)
    filled = {
        name: getattr(absorbed, name)
        for name in MERGEABLE_FIELDS
        if getattr(kept, name) in ("", None) and getattr(absorbed, name) not in ("", None)
    }
    if not kept.consent_recorded_at and absorbed.consent_recorded_at:
        filled.update({name: getattr(absorbed, name) for name in CONSENT_FIELDS})
        filled["consent_recorded_at"] = absorbed.consent_recorded_at
        filled["consent_recorded_by"] = absorbed.consent_recorded_by
    before = audit.snapshot(kept)
    kept = update_versioned(kept, expected_version=kept.version, changes=filled)
    moved = FamilyMember.objects.filter(person=absorbed).update(person=kept)
    update_versioned(absorbed, expected_version=absorbed.version, changes={"merged_into": kept})
    merge = PersonMerge.objects.create(
        organisation_id=kept.organisation_id,
        kept=kept,
        absorbed=absorbed,
        absorbed_snapshot=snapshot,
        merged_by=merged_by,
    )
    changes = audit.diff(before, audit.snapshot(kept))
    changes["merged_record"] = [None, absorbed.pk]
    changes["family_members_moved"] = [None, moved]
    audit.record(action=AuditEvent.Action.MERGED, instance=kept, person_id=kept.pk, changes=changes)
    audit.record(
        action=AuditEvent.Action.MERGED,
        instance=absorbed,
        person_id=absorbed.pk,
        changes={"merged_into": [None, kept.pk]},
    )
    return merge

"""Writes to people's records. Each is one transaction and leaves an audit event."""

from typing import Any

from django.db import transaction
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
    """Record when and by whom consent was given or changed."""
    changed = before is None or any(
        getattr(before, name) != data.get(name) for name in CONSENT_FIELDS
    )
    gave_consent = data.get("consent_to_hold") or data.get("consent_to_share")
    if changed and gave_consent:
        data["consent_recorded_at"] = timezone.now()
        data["consent_recorded_by"] = current_actor().user
    return data


@transaction.atomic
def create_person(*, organisation: Organisation, data: dict[str, Any]) -> Person:
    person = Person.objects.create(organisation=organisation, **_stamp_consent(dict(data), None))
    audit.record_creation(person, person_id=person.pk)
    return person


@transaction.atomic
def update_person(*, person: Person, expected_version: int, data: dict[str, Any]) -> Person:
    """Apply `data`; raises StaleEditError when someone saved since `expected_version`."""
    before = audit.snapshot(person)
    data = _stamp_consent(dict(data), person)
    person = update_versioned(person, expected_version=expected_version, changes=data)
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
    before = audit.snapshot(member)
    member = update_versioned(member, expected_version=expected_version, changes=data)
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
    if kept.merged_into_id or absorbed.merged_into_id:
        raise MergeError("One of these records has already been merged")
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

"""Writes to people's records. Each is one transaction and leaves an audit event."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.audit import services as audit
from navigator.audit.context import current_actor
from navigator.audit.models import AuditEvent
from navigator.core.concurrency import update_versioned
from navigator.people import selectors
from navigator.people.models import FamilyMember, GPPractice, Person, PersonMerge
from navigator.people.practices import PracticeRow, secure_email_problem

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
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


@transaction.atomic
def update_person(
    *, person: Person, expected_version: int, data: dict[str, Any], reason: str = ""
) -> Person:
    """Apply `data`, keeping `reason` (why the record was corrected) with the change in its
    history; raises StaleEditError when someone saved since `expected_version`."""
    saved = _saved(person)
    before = audit.snapshot(saved)
    data = _stamp_consent(dict(data), saved)
    person = update_versioned(saved, expected_version=expected_version, changes=data)
    audit.record_change(person, before=before, person_id=person.pk, reason=reason.strip())
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
    *, member: FamilyMember, expected_version: int, data: dict[str, Any], reason: str = ""
) -> FamilyMember:
    saved = _saved(member)
    before = audit.snapshot(saved)
    member = update_versioned(saved, expected_version=expected_version, changes=data)
    audit.record_change(member, before=before, person_id=member.person_id, reason=reason.strip())
    return member


@transaction.atomic
def remove_family_member(*, member: FamilyMember) -> None:
    audit.record_deletion(member, person_id=member.person_id)
    member.delete()


class MergeError(ValueError):
    pass


def _open_cases(person: Person) -> list[str]:
    from navigator.referrals.models import Referral
    from navigator.referrals.states import OPEN_STATES

    return list(
        Referral.objects.filter(person=person, state__in=OPEN_STATES)
        .order_by("reference")
        .values_list("reference", flat=True)
    )


def _combine_activity_preferences(*, kept: Person, absorbed: Person) -> None:
    """Both records say when the person can go to activities: the kept record keeps its
    answers and gains the absorbed record's days, times and interests."""
    from navigator.activities.models import ActivityPreferences

    theirs = ActivityPreferences.objects.filter(person=absorbed).first()
    ours = ActivityPreferences.objects.filter(person=kept).first()
    if theirs is None or ours is None:
        return
    before = audit.snapshot(ours)
    ours.days = sorted({*ours.days, *theirs.days})
    ours.times_of_day = sorted({*ours.times_of_day, *theirs.times_of_day})
    if ours.max_miles is None:
        ours.max_miles = theirs.max_miles
    if theirs.interests and theirs.interests not in ours.interests:
        ours.interests = "\n".join(part for part in (ours.interests, theirs.interests) if part)
    ours.version += 1
    ours.save()
    audit.record_change(ours, before=before, person_id=kept.pk)
    audit.record_deletion(theirs, person_id=absorbed.pk)
    theirs.delete()


# One-to-one rows that are combined rather than refused when both records have one, by the
# model's label. An app above people registers how its own rows combine (`register_combine`).
Combine = Callable[..., None]
_COMBINED: dict[str, Combine] = {"activities.activitypreferences": _combine_activity_preferences}


def register_combine(label: str, combine: Combine) -> Combine:
    """`combine(kept=…, absorbed=…)` runs inside a merge, before the absorbed record's rows
    move across, for the rows of model `label` that both records may have one of."""
    _COMBINED[label] = combine
    return combine


def merge_refusal(*, kept: Person, absorbed: Person) -> str:
    """Why these two records cannot be merged as they stand, or "" when they can."""
    kept_cases, absorbed_cases = _open_cases(kept), _open_cases(absorbed)
    if kept_cases and absorbed_cases:
        return (
            f"Both records have an open case ({', '.join(kept_cases)} and "
            f"{', '.join(absorbed_cases)}). A person has one case at a time: close or decline "
            "one of them, then merge the records"
        )
    for field in selectors.person_relations():
        if not field.one_to_one or field.model._meta.label_lower in _COMBINED:
            continue
        model = field.model
        if all(
            model._default_manager.filter(**{field.name: person}).exists()
            for person in (kept, absorbed)
        ):
            return (
                f"Both records have a {model._meta.verbose_name} and a person can have only "
                "one: merging would lose one of them, so these records cannot be merged"
            )
    return ""


def _move_everything(*, kept: Person, absorbed: Person) -> dict[str, int]:
    """Point every row of the absorbed record at the kept one; how many of each moved."""
    for combine in _COMBINED.values():
        combine(kept=kept, absorbed=absorbed)
    moved: dict[str, int] = {}
    for field in selectors.person_relations():
        count = field.model._default_manager.filter(**{field.name: absorbed}).update(
            **{field.name: kept}
        )
        if count:
            label = selectors.held_label(field.model).lower()
            moved[label] = moved.get(label, 0) + count
    return moved


def _refresh_due(person: Person) -> None:
    """A case that moved across may now follow the other record's plan and level of need."""
    from navigator.contacts import due  # cases build on people, not the reverse

    due.refresh(organisation_id=person.organisation_id, person_id=person.pk)


def _close_duplicate_flags(*, kept: Person, absorbed: Person, merged_by: User) -> None:
    """A link worker's "these may be the same person" about this pair is answered."""
    from navigator.plans.models import ManagerTask
    from navigator.plans.services import complete_task

    pair = Q(person=kept, other_person=absorbed) | Q(person=absorbed, other_person=kept)
    for task in ManagerTask.objects.filter(pair, done_at__isnull=True):
        complete_task(task=task, done_by=merged_by, decision="The records were merged")


@transaction.atomic
def merge_people(*, kept: Person, absorbed: Person, merged_by: User) -> PersonMerge:
    """Make `absorbed` part of `kept`. The kept record's values win; its empty fields take the
    absorbed record's values; everything recorded about the absorbed record (cases, contacts,
    assessments, plans, outcome measures, activity referrals, tasks, family) moves across; the
    absorbed record stays, marked merged, with a snapshot of everything it held, so nothing is
    lost. Refused, saying why, when both records have an open case or a support plan."""
    if kept.pk == absorbed.pk:
        raise MergeError("A record cannot be merged with itself")
    # Decide on the rows as saved now: another manager may have merged either meanwhile.
    kept, absorbed = _saved(kept), _saved(absorbed)
    if kept.merged_into_id or absorbed.merged_into_id:
        raise MergeError("One of these records has already been merged")
    if kept.organisation_id != absorbed.organisation_id:
        raise MergeError("Records of different organisations cannot be merged")
    if refusal := merge_refusal(kept=kept, absorbed=absorbed):
        raise MergeError(refusal)
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
    _close_duplicate_flags(kept=kept, absorbed=absorbed, merged_by=merged_by)
    moved = _move_everything(kept=kept, absorbed=absorbed)
    _refresh_due(kept)
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
    changes["moved"] = [None, moved]
    audit.record(action=AuditEvent.Action.MERGED, instance=kept, person_id=kept.pk, changes=changes)
    audit.record(
        action=AuditEvent.Action.MERGED,
        instance=absorbed,
        person_id=absorbed.pk,
        changes={"merged_into": [None, kept.pk]},
    )
    return merge


@dataclass(frozen=True)
class PracticesLoaded:
    created: int
    updated: int
    unchanged: int


# What the practice file decides; the e-mail only while nobody has set one by hand.
PRACTICE_FIELDS = (
    "name",
    "address",
    "postcode",
    "phone",
    "status",
    "opened_on",
    "closed_on",
    "commissioner",
)


@transaction.atomic
def load_gp_practices(*, rows: list[PracticeRow]) -> PracticesLoaded:
    """Add the practices not yet known and bring the others up to date, by ODS code, in bulk:
    loading the same file twice changes nothing. An e-mail address set by hand is kept."""
    known = GPPractice.objects.in_bulk([row.ods_code for row in rows], field_name="ods_code")
    new: list[GPPractice] = []
    changed: list[GPPractice] = []
    for row in rows:
        values = {name: getattr(row, name) for name in PRACTICE_FIELDS}
        practice = known.get(row.ods_code)
        if practice is None:
            new.append(GPPractice(ods_code=row.ods_code, email=row.email, **values))
            continue
        if not practice.email_set_by_hand and row.email:
            values["email"] = row.email
        if any(getattr(practice, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(practice, name, value)
            changed.append(practice)
    GPPractice.objects.bulk_create(new, batch_size=1000)
    GPPractice.objects.bulk_update(changed, [*PRACTICE_FIELDS, "email"], batch_size=1000)
    return PracticesLoaded(
        created=len(new), updated=len(changed), unchanged=len(rows) - len(new) - len(changed)
    )


class PracticeEmailRefused(ValueError):
    pass


@transaction.atomic
def set_practice_email(*, practice: GPPractice, email: str) -> GPPractice:
    """The practice's generic secure address, set by hand: the practice file's next load keeps
    it. Empty clears it (the file may give one again)."""
    if email and (problem := secure_email_problem(email)):
        raise PracticeEmailRefused(problem)
    before = practice.email
    practice.email = email
    practice.email_set_by_hand = bool(email)
    practice.save(update_fields=["email", "email_set_by_hand"])
    if before != email:
        actor = current_actor().user
        audit.record(
            action=AuditEvent.Action.UPDATED,
            instance=practice,
            person_id=None,
            changes={"email": [before, email]},
            trail=actor.organisation_id if actor else None,
        )
    return practice

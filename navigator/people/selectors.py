"""Reads of people. Scoping to the user's organisation comes from the scoped manager."""

import datetime
from collections.abc import Iterable, Mapping
from contextlib import suppress
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import ForeignObject, ForeignObjectRel, Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst

from navigator.audit.models import AuditEvent
from navigator.core.formatting import field_label, format_value
from navigator.core.timeline import TimelineEntry
from navigator.core.validators import normalise_postcode
from navigator.people.models import FamilyMember, GPPractice, Person
from navigator.referrals.models import Referral

NAME_SIMILARITY_THRESHOLD = 0.8


def active_people() -> QuerySet[Person]:
    """People whose record is current: not merged into another record, nor destroyed (the
    stub destruction keeps, governance's `DestructionReview`, is only for reports)."""
    return (
        Person.objects.filter(merged_into__isnull=True)
        .exclude(destruction_review__destroyed_at__isnull=False)
        .select_related("gp_practice")
    )


class RecordMerged(Exception):
    """Raised for an absorbed record's page: the merged-record middleware answers with a
    pointer to the record it now lives in, and nothing is read or written on it."""

    def __init__(self, kept: Person) -> None:
        super().__init__(f"Merged into {kept.pk}")
        self.kept = kept


def person_or_404(pk: int) -> Person:
    """The current record `pk` of the user's organisation; 404 for one they cannot see;
    RecordMerged for a record merged into another (followed to the record now kept)."""
    person = get_object_or_404(Person.objects.select_related("gp_practice"), pk=pk)
    if person.merged_into_id is None:
        return person
    kept = person
    while kept.merged_into is not None:
        kept = kept.merged_into
    raise RecordMerged(kept)


def search_people(query: str = "") -> QuerySet[Person]:
    """Current records whose name contains every word typed, or whose NHS number, postcode or
    one of whose referrals' reference matches (the header's search comes here)."""
    people = active_people()
    query = " ".join(query.split())
    if not query:
        return people
    every_word = Q()
    for word in query.split():
        every_word &= (
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    condition = every_word | Q(postcode__istartswith=query.upper())
    compact = query.replace(" ", "")
    if compact.isdigit():
        condition |= Q(nhs_number=compact)
    with suppress(ValidationError):  # a whole postcode typed without its space: ls62ab
        condition |= Q(postcode=normalise_postcode(query))
    # A subquery, not a join: a join would repeat a person once per referral.
    referred = Referral.objects.filter(reference__iexact=compact)
    condition |= Q(pk__in=referred.values("person_id"))
    return people.filter(condition)


def as_listed(people: QuerySet[Person]) -> QuerySet[Person]:
    """Only what the people list shows of each record (and its audit events name): the other
    forty columns of a person were read and converted for every row and never shown."""
    return people.only(
        "organisation",
        "given_name",
        "family_name",
        "preferred_name",
        "date_of_birth",
        "nhs_number",
        "postcode",
        "gp_practice__name",
    )


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a.lower(), b.lower()).ratio() >= NAME_SIMILARITY_THRESHOLD


def possible_duplicates(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    nhs_number: str = "",
    postcode: str = "",
    exclude_pk: int | None = None,
) -> list[Person]:
    """Records that may be this same person: the same NHS number, or the same date of birth
    with a similar name or the same postcode."""
    condition = Q(date_of_birth=date_of_birth)
    if nhs_number:
        condition |= Q(nhs_number=nhs_number)
    candidates = active_people().filter(condition)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    full_name = f"{given_name} {family_name}"
    return [
        person
        for person in candidates
        if (nhs_number and person.nhs_number == nhs_number)
        or (postcode and person.postcode == postcode)
        or _similar(person.full_name, full_name)
        or (
            person.family_name.lower() == family_name.lower()
            and person.given_name[:1].lower() == given_name[:1].lower()
        )
    ]


def merge_candidates(person: Person) -> QuerySet[Person]:
    return active_people().exclude(pk=person.pk)


def record_ids(person: Person) -> list[int]:
    """The person's own id and those of records merged into theirs, including records that
    had been merged into one of those before it was merged in turn."""
    ids = [person.pk]
    newest = [person.pk]
    while newest:
        newest = list(
            Person.objects.filter(merged_into_id__in=newest)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.extend(newest)
    return ids


def _in_field_order(names: Iterable[str], model: type[Model] = Person) -> list[str]:
    """Fields in the order the form shows them. (PostgreSQL's jsonb keeps its own key order,
    so the order the changes were stored in cannot be relied on.)"""
    order = {field.name: index for index, field in enumerate(model._meta.fields)}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


def field_labels(names: Iterable[str]) -> str:
    """Changed fields named in the order the form shows them."""
    return ", ".join(field_label(name, Person) for name in _in_field_order(names))


SHOWN_VALUE_LENGTH = 80  # the audit trail keeps the whole value


def _value_in_words(model: type[Model], name: str, value: object) -> str:
    """A stored value as the form shows it: a choice's label, not its code."""
    with suppress(FieldDoesNotExist):
        field = model._meta.get_field(name)
        if getattr(field, "choices", None):
            value = dict(field.flatchoices).get(value, value)  # type: ignore[union-attr]
    words = format_value(value, name)
    return words if len(words) <= SHOWN_VALUE_LENGTH else words[: SHOWN_VALUE_LENGTH - 1] + "…"


def changes_in_words(model: type[Model], changes: Mapping[str, list[object]]) -> str:
    """Each changed field with its value before and after ("Last name: Byron → Lovelace"),
    then the reason given for the correction, if any."""
    changes = dict(changes)
    reason = changes.pop(AuditEvent.REASON, [None, ""])[1]
    words = "; ".join(
        f"{field_label(name, model)}: {_value_in_words(model, name, changes[name][0])} → "
        f"{_value_in_words(model, name, changes[name][1])}"
        for name in _in_field_order(changes, model)
    )
    return words + (f". Reason for the correction: {reason}" if reason else "")


def labelled(snapshot: Mapping[str, object]) -> list[tuple[str, str, object]]:
    """A record's stored snapshot as the form names its fields, leaving out what is empty:
    (name, label, value)."""
    return [
        (name, field_label(name, Person), value)
        for name, value in snapshot.items()
        if value not in ("", None, False)
    ]


# Rows pointing at a person that a merge leaves where they are: the merge's own bookkeeping.
NOT_MOVED_BY_MERGE = {
    ("people.person", "merged_into"),
    ("people.personmerge", "kept"),
    ("people.personmerge", "absorbed"),
    ("plans.managertask", "other_person"),  # names the record a duplicate flag was about
}


def person_relations() -> list[ForeignObject[Any, Any]]:
    """Every foreign key (and one-to-one) to a person that a merge moves, found from the
    models so that one added later cannot be forgotten."""
    return [
        relation.field
        for relation in Person._meta.get_fields(include_hidden=True)
        if isinstance(relation, ForeignObjectRel)
        and (relation.one_to_many or relation.one_to_one)
        and (relation.field.model._meta.label_lower, relation.field.name) not in NOT_MOVED_BY_MERGE
    ]


# What the merge page calls the rows it moves, where the model's own name would not do.
HELD_LABELS = {
    "outcomes.administration": "Outcome measures",
    "contacts.followup": "Follow-ups",
    "contacts.task": "Caseload tasks",
    "outreach.cohortmember": "Places on outreach call lists",
}


def held_label(model: type[Model]) -> str:
    return HELD_LABELS.get(model._meta.label_lower, capfirst(str(model._meta.verbose_name_plural)))


def records_held(*, kept: Person, absorbed: Person) -> list[tuple[str, int, int]]:
    """What each record holds that a merge moves: (what, on the kept, on the absorbed)."""
    held = []
    for field in person_relations():
        on_kept, on_absorbed = (
            field.model._default_manager.filter(**{field.name: person}).count()
            for person in (kept, absorbed)
        )
        if on_kept or on_absorbed:
            held.append((held_label(field.model), on_kept, on_absorbed))
    return held


AUDIT_TITLES: dict[tuple[str, str], str] = {
    ("people.person", AuditEvent.Action.CREATED): "Record created",
    ("people.person", AuditEvent.Action.UPDATED): "Record changed",
    ("people.person", AuditEvent.Action.MERGED): "Records merged",
    ("people.familymember", AuditEvent.Action.CREATED): "Family member or carer added",
    ("people.familymember", AuditEvent.Action.UPDATED): "Family member or carer changed",
    ("people.familymember", AuditEvent.Action.DELETED): "Family member or carer removed",
}


def _description(event: AuditEvent) -> str:
    if event.object_type != "people.person":
        if event.action == AuditEvent.Action.UPDATED:
            return f"{event.object_label}: {changes_in_words(FamilyMember, event.changes)}"
        return event.object_label
    changes = dict(event.changes)
    if event.action == AuditEvent.Action.MERGED:
        absorbed = changes.pop("merged_record", [None, None])[1]
        moved = changes.pop("moved", [None, {}])[1] or {}
        changes.pop("family_members_moved", None)  # the name merges recorded it under before
        filled = field_labels(changes)
        return (
            f"Record {absorbed} merged into this one"
            + (
                f"; moved across: {', '.join(f'{what} ({n})' for what, n in sorted(moved.items()))}"
                if moved
                else ""
            )
            + (f"; filled in: {filled}" if filled else "")
        )
    if event.action == AuditEvent.Action.UPDATED:
        return changes_in_words(Person, changes)
    return field_labels(changes)[:300]


def record_history(person: Person) -> list[TimelineEntry]:
    """Timeline source: changes to the person's record and their family and carers."""
    events = AuditEvent.objects.filter(
        person_id__in=record_ids(person),
        object_type__in=["people.person", "people.familymember"],
    ).exclude(action__in=[AuditEvent.Action.VIEWED, AuditEvent.Action.EXPORTED])
    return [
        TimelineEntry(
            at=event.at,
            title=AUDIT_TITLES.get((event.object_type, event.action), event.get_action_display()),
            description=_description(event),
            actor=event.actor_name,
        )
        for event in events
        # A merge is told once, by the kept record; the absorbed record's half repeats it.
        if not (event.action == AuditEvent.Action.MERGED and "merged_into" in event.changes)
    ]


def search_practices(query: str) -> QuerySet[GPPractice]:
    """GP practices whose name, ODS code or postcode holds `query` (all when empty)."""
    practices = GPPractice.objects.order_by("name", "ods_code")
    if not query:
        return practices
    return practices.filter(
        Q(name__icontains=query) | Q(ods_code__iexact=query) | Q(postcode__icontains=query)
    )

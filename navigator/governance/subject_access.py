"""A subject access export: everything the registry says is held about one person, as plain
data (for the JSON file) and in readable form (for the PDF)."""

from collections.abc import Set
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet

from navigator.audit.models import AuditEvent
from navigator.audit.services import plain
from navigator.core.formatting import field_label
from navigator.core.person_data import Held, person_data
from navigator.people.models import Person

WITHHELD = "[Withheld: information about someone else]"
NOT_EXPORTED = frozenset({"organisation", "version"})


def item_key(model: type[models.Model], pk: Any, field: str) -> str:
    """How a manager marks one free-text value to be withheld from the release copy."""
    return f"{model._meta.label_lower}:{pk}:{field}"


def json_id(pk: Any) -> int | str:
    """A row's id as JSON holds it (the task queue's ids are UUIDs)."""
    return pk if isinstance(pk, int) else str(pk)


@dataclass(frozen=True)
class Value:
    name: str
    label: str
    value: Any  # as stored (JSON)
    shown: str  # as read (PDF)


@dataclass(frozen=True)
class Item:
    record: str  # "referrals.referral"
    pk: Any
    values: list[Value]


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item]


@dataclass(frozen=True)
class FreeText:
    key: str
    section: str
    label: str
    text: str


def _by_id(field: models.Field) -> bool:
    """A link to another record held about a person (theirs, released in its own section, or
    someone else's, never released) is given by its id: naming it would read that record, and
    could name someone else."""
    return field.related_model is Person or field.related_model in {
        entry.model for entry in person_data()
    }


def _exported_rows(entry: Held, ids: list[int]) -> QuerySet:
    rows = entry.exported(entry.rows(ids), ids)
    model = rows.model
    related = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and not _by_id(field) and field.name not in NOT_EXPORTED
    ]
    many = [field.name for field in model._meta.many_to_many]
    if related:
        rows = rows.select_related(*related)
    return rows.prefetch_related(*many).order_by("pk")


def _shown(row: models.Model, field: models.Field, value: Any) -> str:
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(row, f"get_{field.name}_display")())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _changes_withheld(event: AuditEvent, withheld: Set[str]) -> dict[str, Any]:
    """A withheld note is withheld from the audit trail too, where its change was recorded."""
    return {
        name: (
            [WITHHELD, WITHHELD]
            if f"{event.object_type}:{event.object_id}:{name}" in withheld
            else values
        )
        for name, values in event.changes.items()
    }


def _values(row: models.Model, entry: Held, withheld: Set[str]) -> list[Value]:
    model = type(row)
    values = []
    value: Any
    shown: str
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.name in NOT_EXPORTED or field.name in entry.hidden:
            continue
        if field.many_to_many:
            value = [str(each) for each in getattr(row, field.name).all()]
            shown = "; ".join(value)
        elif field.is_relation:
            if _by_id(field):
                value = getattr(row, field.attname)
            else:
                related = getattr(row, field.name)
                value = str(related) if related is not None else None
            shown = "" if value is None else str(value)
        else:
            raw = getattr(row, field.attname)
            if isinstance(row, AuditEvent) and field.name == "changes":
                raw = _changes_withheld(row, withheld)
            value = plain(raw)
            shown = _shown(row, field, raw)
        if item_key(model, row.pk, field.name) in withheld:
            value = shown = WITHHELD
        values.append(Value(field.name, field_label(field.name, model), value, shown))
    return values


def sections(person_ids: list[int], *, withheld: Set[str] = frozenset()) -> list[Section]:
    """Every registered kind of record, with the person's rows, `withheld` values replaced."""
    found = []
    for entry in person_data():
        rows = _exported_rows(entry, person_ids)
        items = [Item(row._meta.label_lower, row.pk, _values(row, entry, withheld)) for row in rows]
        found.append(Section(entry.title, items))
    return found


def free_text(person_ids: list[int]) -> list[FreeText]:
    """The notes a manager reads for other people's details before the release: every
    non-empty free-text value that would be released."""
    notes = []
    for entry in person_data():
        if not entry.free_text:
            continue
        rows = entry.exported(entry.rows(person_ids), person_ids).order_by("pk")
        model = rows.model
        for pk, *texts in rows.values_list("pk", *entry.free_text):
            for name, text in zip(entry.free_text, texts, strict=True):
                if text:
                    notes.append(
                        FreeText(
                            item_key(model, pk, name),
                            entry.title,
                            field_label(name, model),
                            str(text),
                        )
                    )
    return notes


def as_json(found: list[Section], *, header: dict[str, Any]) -> dict[str, Any]:
    return {
        **header,
        "sections": [
            {
                "title": section.title,
                "records": [
                    {
                        "record": item.record,
                        "id": item.pk,
                        "fields": {value.name: value.value for value in item.values},
                    }
                    for item in section.items
                ],
            }
            for section in found
        ],
    }

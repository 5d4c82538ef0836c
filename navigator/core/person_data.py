"""Everything Navigator holds about one person, gathered from the apps that hold it.

Each app says what it holds about a person in its `personal_data.py` (found by
`GovernanceConfig.ready`, as Django's admin finds `admin.py`), with `register_person_data`;
the registry is in core, below every app, so any app may add to it.
The one registry serves both the subject access export (what to release) and destruction
(what to overwrite or delete), so an app that adds a table of personal data adds one entry and
both follow. `governance/tests/test_registry.py` fails when a table pointing at a person has
no entry.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Model, QuerySet


def _everything(rows: QuerySet, ids: list[int]) -> QuerySet:
    return rows


@dataclass(frozen=True)
class Held:
    """One kind of record held about a person.

    `rows(ids)` gives every such row of the person whose record ids (their own and those merged
    into it) are `ids`. At destruction each row's `erase` fields are overwritten with the values
    given (personal details and free text), or the rows are deleted when `delete` is set (rows
    with no value once their contents are gone, such as a family member); everything else (dates,
    states, codes, scores) stays, so reports count the same afterwards. `free_text` names the
    fields a manager reviews for other people's details before a subject access release;
    `exported` narrows what is released (never anonymous feedback); `hidden` fields never leave
    (a secure link's token digest)."""

    title: str
    rows: Callable[[list[int]], QuerySet]
    erase: Mapping[str, Any] = field(default_factory=dict)
    delete: bool = False
    free_text: Sequence[str] = ()
    exported: Callable[[QuerySet, list[int]], QuerySet] = _everything
    hidden: Sequence[str] = ()
    # The foreign keys to a person this entry covers ("app.model.field"), for the completeness
    # test; rows reached through another record (a goal through its plan) name none.
    covers: Sequence[str] = ()
    # Destruction done another way than overwriting `erase` or deleting (the audit trail).
    destroy: Callable[[QuerySet], None] | None = None

    @cached_property
    def model(self) -> type[Model]:
        # Cached: building `rows` can be costly (the secure links' query reaches every other
        # entry's), and the export asks for each entry's model for every field it writes.
        return self.rows([]).model


_held: list[Held] = []


def register_person_data(*entries: Held) -> None:
    for entry in entries:
        if entry not in _held:
            _held.append(entry)


def person_data() -> list[Held]:
    return list(_held)


def through(model: type[Model], path: str = "person") -> Callable[[list[int]], QuerySet]:
    """Rows of `model` whose `path` (a person foreign key, or one reached through others,
    such as "referral__person") is one of the person's record ids."""
    return lambda ids: model._default_manager.filter(**{f"{path}__in": ids})


def year_of_birth(row: Any) -> Any:
    """A destroyed record keeps the year of birth (ages in reports), not the day."""
    return row.date_of_birth.replace(month=1, day=1)

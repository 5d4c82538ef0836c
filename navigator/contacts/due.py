"""The caseload's due dates (and the start and connected contacts that say whether a case has
gone on longer than expected), kept on the referral as work happens.

A case's next contact date depends on its contacts, its start, its cadence override, the
person's level of need and the organisation's intervals. Computing it on every read meant
computing it for every open case to show a page of 25; instead each service that changes one
of those calls `refresh` for the cases it touched, in its own transaction, and the caseload
filters and sorts on the columns (`Referral.contact_due_on`, `Referral.is_new_case`) through
an index. `selectors.with_computed_due` stays the one definition of the date."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django.db.models import Q, QuerySet

from navigator.contacts import selectors
from navigator.contacts.models import CaseloadSettings
from navigator.referrals.models import Referral

# Each kept column of a case, and the annotation of `selectors.with_computed_due` it copies.
COPIED = {
    "contact_due_on": "computed_due_on",
    "is_new_case": "computed_new",
    "case_started_on": "started_on",
    "connected_contacts": "computed_connected",
}
# Organisations whose refreshes are held until the end of a `held` block.
_held: ContextVar[frozenset[int]] = ContextVar("due_refresh_held", default=frozenset())


@contextmanager
def held(*, organisation_id: int) -> Iterator[None]:
    """Inside, refreshes of the organisation's cases wait, and all its cases are refreshed once
    at the end: for recording a lot of casework in one go (the demo), where refreshing after
    each step would cost most of the time. Nothing inside reads the due dates."""
    token = _held.set(_held.get() | {organisation_id})
    try:
        yield
    finally:
        _held.reset(token)
    refresh(organisation_id=organisation_id)


def refresh(
    *,
    organisation_id: int,
    referral_ids: Iterable[int] | None = None,
    person_id: int | None = None,
) -> None:
    """Recompute the due date and the "new" flag of the organisation's cases in `referral_ids`,
    or of the person's cases (their level of need changed), or of every case of the
    organisation when neither is given (its intervals changed): two UPDATE statements
    whatever the number of cases. A referral that is not an open case has no due date."""
    if organisation_id in _held.get():
        return
    which = Q(organisation_id=organisation_id)
    if referral_ids is not None:
        which &= Q(pk__in=list(referral_ids))
    if person_id is not None:
        which &= Q(person_id=person_id)
    # Most moves of a referral come before it is a case: then there is nothing to compute, and
    # building the computation is most of the cost.
    if Referral.objects.filter(which, state__in=selectors.CASE_STATES).exists():
        settings = selectors.caseload_settings_of(organisation_id)
        _copy_computed(selectors.with_computed_due(settings).filter(which))
    _clear_others(which)


def refresh_organisations(organisation_ids: Iterable[int]) -> None:
    """Every case of each organisation, as `refresh(organisation_id=...)` would, but one
    statement pair for all the organisations whose caseload intervals are the same (after a
    bulk load of a thousand services: a pair each was most of the time, each statement
    planned and run for a few hundred cases)."""
    alike: dict[tuple[int, ...], tuple[CaseloadSettings, list[int]]] = {}
    for organisation_id in organisation_ids:
        if organisation_id in _held.get():
            continue
        settings = selectors.caseload_settings_of(organisation_id)
        key = tuple(settings.intervals().values())
        alike.setdefault(key, (settings, []))[1].append(organisation_id)
    for settings, ids in alike.values():
        which = Q(organisation_id__in=ids)
        _copy_computed(selectors.with_computed_due(settings).filter(which))
        _clear_others(which)


def _clear_others(which: Q) -> None:
    """Referrals in `which` that are not open cases have no due date (nor start, nor count)."""
    Referral.objects.filter(which).exclude(state__in=selectors.CASE_STATES).exclude(
        contact_due_on=None, is_new_case=False, case_started_on=None, connected_contacts=0
    ).update(contact_due_on=None, is_new_case=False, case_started_on=None, connected_contacts=0)


def _copy_computed(computed: QuerySet[Referral]) -> None:
    """Copy the computed columns of `computed`'s cases into their kept columns, in one UPDATE
    joined to the computed rows (`UPDATE ... FROM`, on SQLite and PostgreSQL alike). The ORM's
    update would need a correlated subquery per column, each computing the whole row again:
    four times the work, on every change to a case."""
    select, params = computed.values("id", *COPIED.values()).query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(Referral._meta.db_table)
    # A field of the referral's own table always has a column: the check is for the type
    # checker, which allows a field without one.
    columns = {field.name: field.column for field in Referral._meta.concrete_fields if field.column}
    assignments = ", ".join(
        f"{quote(columns[kept])} = computed.{quote(source)}" for kept, source in COPIED.items()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM ({select}) AS computed "
            f"WHERE {table}.{quote('id')} = computed.{quote('id')}",
            params,
        )

"""Month rows summed over every service a commissioning organisation funds
(`FundedMonthTally`), so that a commissioner's report of every service reads a row per group
and month instead of one per service.

They are kept as the services' month rows are counted again, without reading the other
services: the rows a count replaces are added to the funder's with their signs turned
(`journal(..., sign=-1)`), the new rows as they are. The worker then sums the funder's rows
of those months into one per group (`compact`); a report sums them all meanwhile. A funder's
rows are counted from nothing (`count`) when it is first read and whenever the services it
funds change, by the worker; until then its reports read each service's rows, so they are
never wrong, only slower."""

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation
from navigator.core.bulk import columns_of, execute_sql, insert_into_sql
from navigator.core.lookups import AnyOf
from navigator.reports.models import SUMS, FundedMonthTally, FundedRollup, MonthTally

# What a funder's rows hold: across every value, and by source (the one dimension whose
# values services share; a link worker or a GP practice belongs to one service, so their
# rows would be as many as the services').
DIMENSIONS = ("", "source")
GROUP = ("measure", "dimension", "value", "key", "until", "month")


def digest(service_ids: Iterable[int]) -> str:
    return hashlib.sha256(",".join(map(str, sorted(service_ids))).encode()).hexdigest()


def reading(funder_id: int, service_ids: list[int]) -> bool:
    """Whether the funder's rows add up exactly these services, so a report of them can read
    those instead; when not, the count is asked of the worker, once per change of funding."""
    wanted = digest(service_ids)
    state = FundedRollup.objects.filter(funder_id=funder_id).first()
    if state is not None and state.services == wanted:
        return True
    if state is None or state.requested != wanted:
        FundedRollup.objects.update_or_create(funder_id=funder_id, defaults={"requested": wanted})
        # Here, not at the top: the tasks module imports the selectors.
        from navigator.reports.tasks import count_funded_rollups

        transaction.on_commit(lambda: count_funded_rollups.enqueue(funder_id))
    return False


def kept_for(service_ids: list[int]) -> list[int]:
    """The funders of these services whose rows are kept, locked (in one order, so that two
    services' counts cannot each wait for the other) until the transaction ends: two counts
    summing one funder's rows at once would each add the rows they replace."""
    return list(
        FundedRollup.objects.select_for_update()
        .filter(funder__in=Organisation.objects.filter(funds__in=service_ids))
        .exclude(services="")
        .order_by("funder_id")
        .values_list("funder_id", flat=True)
    )


def journal(service_ids: list[int], months: Q, funders: list[int], *, sign: int) -> None:
    """Add the services' month rows that `months` picks to their funders' rows, times
    `sign`."""
    rows = MonthTally.objects.filter(
        months,
        organisation_id__in=service_ids,
        dimension__in=DIMENSIONS,
        organisation__funded_by__in=funders,
    )
    _insert_sums(
        rows.values(*GROUP, funder=F("organisation__funded_by")).annotate(**SUMS), sign=sign
    )


def changed(funders: list[int]) -> None:
    """Ask the worker to sum the funders' changed rows into one per group, once the change
    is committed: a few hundred milliseconds a month of a national funder's rows, which the
    request that counted the change should not wait for."""
    # Here, not at the top: the tasks module imports the selectors.
    from navigator.reports.tasks import compact_funded_rollups

    transaction.on_commit(lambda: compact_funded_rollups.enqueue(funders))


def compact(funder_id: int) -> None:
    """Sum each group of the funder's months with changes since the last time into one row,
    dropping groups that came to nothing."""
    with scopes_disabled(), transaction.atomic():
        state = FundedRollup.objects.select_for_update().filter(funder_id=funder_id).first()
        if state is None:
            return
        rows = FundedMonthTally.objects.filter(organisation_id=funder_id)
        changed = set(
            rows.filter(pk__gt=state.compacted_up_to).values_list("month", flat=True).distinct()
        )
        if not changed:
            return
        last = _last_row()
        rows = rows.filter(month__in=changed, pk__lte=last)
        _insert_sums(rows.values(*GROUP, funder=F("organisation_id")).annotate(**SUMS).exclude(n=0))
        rows.delete()
        state.compacted_up_to = _last_row()
        state.save(update_fields=["compacted_up_to"])


def _last_row() -> int:
    return FundedMonthTally.objects.aggregate(last=Max("pk"))["last"] or 0


def count(funder_id: int) -> None:
    """Count the funder's rows from nothing, from the month rows of the services it funds
    now."""
    with scopes_disabled(), transaction.atomic():
        state, _ = FundedRollup.objects.select_for_update().get_or_create(funder_id=funder_id)
        services = list(
            Organisation.objects.filter(funded_by=funder_id).values_list("pk", flat=True)
        )
        FundedMonthTally.objects.filter(organisation_id=funder_id).delete()
        _insert_sums(
            MonthTally.objects.filter(
                AnyOf(F("organisation_id"), services), dimension__in=DIMENSIONS
            )
            .values(*GROUP)
            .annotate(**SUMS),
            funder_id=funder_id,
        )
        state.services = state.requested = digest(services)
        state.compacted_up_to = _last_row()
        state.save(update_fields=["services", "requested", "compacted_up_to"])


def forget() -> None:
    """Stop keeping every funder's rows (their reports read each service's rows again) until
    they are counted again: before every service is counted from nothing, which would
    otherwise sum each funder's rows once per service."""
    FundedRollup.objects.update(services="")


def _insert_sums(rows: QuerySet[Any], *, funder_id: int | None = None, sign: int = 1) -> None:
    """Insert grouped sums (`SUMS` by GROUP, and by `funder` unless `funder_id` is given) as
    funders' rows, times `sign`."""
    sql, params = rows.order_by().query.sql_with_params()
    funder = "m.funder" if funder_id is None else "%s"
    execute_sql(
        insert_into_sql(FundedMonthTally, ("organisation_id", *GROUP, "count", "total", "squares"))
        + f"SELECT {funder}, {columns_of('m', GROUP)}, {sign} * m.n, {sign} * m.t, {sign} * m.s "
        f"FROM ({sql}) m",
        (() if funder_id is None else (funder_id,)) + tuple(params),
    )

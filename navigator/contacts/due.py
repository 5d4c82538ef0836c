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

from django.db.models import OuterRef, Subquery

from navigator.contacts import selectors
from navigator.referrals.models import Referral

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
    settings = selectors.caseload_settings_of(organisation_id)
    targets = Referral.objects.filter(organisation_id=organisation_id)
    if referral_ids is not None:
        targets = targets.filter(pk__in=list(referral_ids))
    if person_id is not None:
        targets = targets.filter(person_id=person_id)
    computed = selectors.with_computed_due(settings).filter(pk=OuterRef("pk"))
    targets.filter(state__in=selectors.CASE_STATES).update(
        contact_due_on=Subquery(computed.values("computed_due_on")[:1]),
        is_new_case=Subquery(computed.values("computed_new")[:1]),
        case_started_on=Subquery(computed.values("started_on")[:1]),
        connected_contacts=Subquery(computed.values("computed_connected")[:1]),
    )
    targets.exclude(state__in=selectors.CASE_STATES).exclude(
        contact_due_on=None, is_new_case=False, case_started_on=None, connected_contacts=0
    ).update(contact_due_on=None, is_new_case=False, case_started_on=None, connected_contacts=0)

"""Writes to referrals. Every change of state goes through `move`, which checks the state
machine (states.py), keeps the transition, the reporting times and the SNOMED coded events,
and leaves an audit event."""

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from navigator.accounts.models import Organisation
from navigator.audit import services as audit
from navigator.audit.context import current_actor
from navigator.people.models import Person
from navigator.referrals.models import CodedEvent, Referral, ReferralReason, Transition
from navigator.referrals.states import State, check_transition

# No 0/O, 1/I/L: references are read out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8

# The reporting time each state stamps the first time it is reached.
TIMESTAMPS = {
    State.TRIAGED: "triaged_at",
    State.ACCEPTED: "triaged_at",
    State.DECLINED: "triaged_at",
    State.INFO_REQUESTED: "triaged_at",
    State.FIRST_CONTACT: "first_contact_at",
    State.ASSESSED: "assessed_at",
    State.CLOSED: "closed_at",
}
CODES = {
    State.ACCEPTED: CodedEvent.Code.REFERRAL_ACCEPTED,
    State.DECLINED: CodedEvent.Code.DECLINED,
}


def new_reference() -> str:
    while True:
        reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if not Referral.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def receive_referral(
    *,
    organisation: Organisation,
    data: dict[str, Any],
    reasons: Iterable[ReferralReason] = (),
    received_at: datetime | None = None,
) -> Referral:
    """Record a referral as it arrived; it starts in the organisation's triage queue."""
    actor = current_actor().user
    referral = Referral.objects.create(
        organisation=organisation,
        reference=new_reference(),
        state=State.RECEIVED,
        received_at=received_at or timezone.now(),
        referred_by=actor,
        **data,
    )
    referral.reasons.set(reasons)
    Transition.objects.create(
        organisation=organisation,
        referral=referral,
        from_state="",
        to_state=State.RECEIVED,
        at=referral.received_at,
        by=actor,
    )
    audit.record_creation(referral, person_id=None)
    return referral


@transaction.atomic
def move(
    *, referral: Referral, to: State, note: str = "", changes: dict[str, Any] | None = None
) -> Referral:
    """Move `referral` to state `to`, applying `changes` to its fields in the same step.

    The row is locked and re-read first, so two people triaging the same referral cannot both
    move it from the same state; the second gets TransitionNotAllowed."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    check_transition(locked.state, to)
    before = audit.snapshot(locked)
    now = timezone.now()
    actor = current_actor().user
    from_state = locked.state
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
    locked.state = to
    stamp = TIMESTAMPS.get(to)
    if stamp and getattr(locked, stamp) is None:
        setattr(locked, stamp, now)
    if to == State.WAITING:
        locked.waiting_since = now
    elif from_state == State.WAITING:
        locked.waiting_since = None
    locked.version += 1
    locked.save()
    Transition.objects.create(
        organisation_id=locked.organisation_id,
        referral=locked,
        from_state=from_state,
        to_state=to,
        at=now,
        by=actor,
        note=note,
    )
    if to in CODES:
        CodedEvent.objects.get_or_create(
            organisation_id=locked.organisation_id,
            referral=locked,
            code=CODES[to],
            defaults={"at": now, "by": actor},
        )
    audit.record_change(locked, before=before, person_id=locked.person_id)
    return locked


def triage(*, referral: Referral, person: Person, note: str = "") -> Referral:
    """Match the referral to a person's record (an existing one, or one just created)."""
    return move(referral=referral, to=State.TRIAGED, note=note, changes={"person": person})

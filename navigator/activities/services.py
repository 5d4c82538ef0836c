"""Writes of activity referrals and accompaniment. Each is one transaction and leaves an
audit event; every status change is also kept as a StatusChange."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.activities.models import (
    Accompaniment,
    ActivityReferral,
    StatusChange,
    VolunteerProfile,
    dbs_is_current,
)
from navigator.activities.states import (
    ANSWERS,
    NEEDS_REASON,
    Side,
    Status,
    TransitionNotAllowed,
    check_transition,
)
from navigator.audit import services as audit
from navigator.directory.models import Service
from navigator.people.models import Person
from navigator.referrals.models import Referral


class ReasonRequired(TransitionNotAllowed):
    pass


class AssignmentRefused(ValueError):
    pass


def _change(
    referral: ActivityReferral,
    *,
    from_status: str,
    to_status: str,
    side: Side,
    by: User | None,
    by_name: str = "",
    reason: str = "",
) -> StatusChange:
    return StatusChange.objects.create(
        organisation_id=referral.organisation_id,
        referral=referral,
        from_status=from_status,
        to_status=to_status,
        at=referral.status_changed_at,
        by=by,
        by_name=by_name or (str(by) if by else ""),
        side=side,
        reason=reason,
    )


@transaction.atomic
def refer(
    *,
    person: Person,
    service: Service,
    made_by: User,
    reason: str,
    note: str = "",
    planned_first_session: datetime.datetime | None = None,
    episode: Referral | None = None,
    send: bool = True,
) -> ActivityReferral:
    """Refer `person` to `service`: a draft, or sent at once when `send`. A signposting-only
    service takes no referral: the record says the person was signposted, and stays so."""
    signposting = not service.takes_direct_referrals
    status = Status.SIGNPOSTED if signposting else Status.DRAFT
    referral = ActivityReferral.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        service=service,
        made_by=made_by,
        reason=reason,
        note=note,
        planned_first_session=planned_first_session,
        episode=episode,
        status=status,
    )
    _change(referral, from_status="", to_status=status, side=Side.REQUESTER, by=made_by)
    audit.record_creation(referral, person_id=person.pk)
    if send and not signposting:
        referral = move(referral=referral, to=Status.REQUESTED, side=Side.REQUESTER, by=made_by)
    return referral


@transaction.atomic
def move(
    *,
    referral: ActivityReferral,
    to: str,
    side: Side,
    by: User | None,
    by_name: str = "",
    reason: str = "",
) -> ActivityReferral:
    """Change the status, if the transition table lets `side` make this move."""
    saved = ActivityReferral.objects.select_for_update().get(pk=referral.pk)
    check_transition(saved.status, to, side)
    reason = reason.strip()
    if to in NEEDS_REASON and not reason:
        raise ReasonRequired("Say why")
    before = audit.snapshot(saved)
    now = timezone.now()
    from_status = saved.status
    saved.status = to
    saved.status_reason = reason
    saved.status_changed_at = now
    if to == Status.REQUESTED and saved.requested_at is None:
        saved.requested_at = now
    if side == Side.PROVIDER and to in ANSWERS and not saved.first_answer:
        saved.first_answer = to
        saved.first_answered_at = now
    saved.save()
    _change(
        saved,
        from_status=from_status,
        to_status=to,
        side=side,
        by=by,
        by_name=by_name,
        reason=reason,
    )
    audit.record_change(saved, before=before, person_id=saved.person_id)
    return saved


@transaction.atomic
def save_volunteer_profile(*, user: User, data: dict[str, Any]) -> VolunteerProfile:
    profile = VolunteerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = VolunteerProfile.objects.create(
            organisation_id=user.organisation_id, user=user, **data
        )
        audit.record_creation(profile, person_id=None)
        return profile
    before = audit.snapshot(profile)
    for name, value in data.items():
        setattr(profile, name, value)
    profile.version += 1
    profile.save()
    audit.record_change(profile, before=before, person_id=None)
    return profile


def assignment_problem(companion: User, on: datetime.date | None = None) -> str | None:
    """Why `companion` cannot be assigned to accompany someone, or None if they can."""
    if companion.role != Role.VOLUNTEER:
        return None
    profile = VolunteerProfile.objects.filter(user=companion).first()
    if profile is None or profile.dbs_checked_on is None:
        return f"{companion} has no DBS check recorded, so cannot be assigned"
    if not dbs_is_current(profile.dbs_checked_on, on):
        return (
            f"{companion}'s DBS check (from {profile.dbs_checked_on:%-d %B %Y}) is more than 3 "
            "years old, so they cannot be assigned until it is renewed"
        )
    return None


@transaction.atomic
def arrange_accompaniment(
    *, referral: ActivityReferral, companion: User, arranged_by: User, data: dict[str, Any]
) -> Accompaniment:
    problem = assignment_problem(companion, data["meet_at"].date())
    if problem:
        raise AssignmentRefused(problem)
    if companion.organisation_id != referral.organisation_id:
        raise AssignmentRefused("They are not part of this organisation")
    accompaniment = Accompaniment.objects.create(
        organisation_id=referral.organisation_id,
        referral=referral,
        companion=companion,
        arranged_by=arranged_by,
        **data,
    )
    audit.record_creation(accompaniment, person_id=referral.person_id)
    return accompaniment


@transaction.atomic
def record_outcome(*, accompaniment: Accompaniment, outcome: str, note: str = "") -> Accompaniment:
    saved = Accompaniment.objects.select_for_update().get(pk=accompaniment.pk)
    before = audit.snapshot(saved)
    saved.outcome = outcome
    saved.outcome_note = note
    saved.save()
    audit.record_change(saved, before=before, person_id=saved.referral.person_id)
    return saved

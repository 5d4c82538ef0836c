"""Writes for restricted records and emergency access. Each is one transaction and leaves an
audit event on the person's trail."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from navigator.accounts.models import User
from navigator.accounts.permissions import Permission
from navigator.accounts.selectors import users_who_can
from navigator.accounts.tasks import send_email
from navigator.audit import services as audit
from navigator.audit.models import AuditEvent
from navigator.core.addresses import absolute_reverse
from navigator.restrictions.models import BreakGlass, Restriction

# Long enough for a shift's emergency, short enough that access does not quietly become
# permanent: a second emergency needs a second reason.
BREAK_GLASS_LASTS = datetime.timedelta(hours=8)


class RestrictionError(ValueError):
    pass


def _state(restriction: Restriction, named: Iterable[User]) -> audit.Snapshot:
    # The staff named are the heart of a restriction but not a column: the trail names them.
    return audit.snapshot(restriction) | {"named_staff": sorted(str(user) for user in named)}


@transaction.atomic
def restrict(
    *,
    person: Any,
    kind: str,
    reason: str,
    named_staff: Iterable[User],
    processing_restricted: bool,
    by: User,
) -> Restriction:
    """Restrict the record to `named_staff`, or change who may see it and why."""
    named = list(named_staff)
    if not named:
        raise RestrictionError("Name at least one member of staff who may see the record")
    if any(user.organisation_id != person.organisation_id for user in named):
        raise RestrictionError("Only staff of the person's organisation can be named")
    restriction = Restriction.objects.select_for_update().filter(person=person).first()
    if restriction is None:
        restriction = Restriction(
            organisation_id=person.organisation_id, person=person, restricted_by=by
        )
        before: audit.Snapshot = {}
        action = AuditEvent.Action.CREATED
    else:
        before = _state(restriction, restriction.named_staff.all())
        action = AuditEvent.Action.UPDATED
    restriction.kind, restriction.reason = kind, reason.strip()
    restriction.processing_restricted = processing_restricted
    restriction.save()
    restriction.named_staff.set(named)
    changes = {
        name: change
        for name, change in audit.diff(before, _state(restriction, named)).items()
        if action == AuditEvent.Action.UPDATED or change[1] not in (None, "", False, [])
    }
    if changes:
        audit.record(action=action, instance=restriction, person_id=person.pk, changes=changes)
    return restriction


@transaction.atomic
def lift(*, restriction: Restriction, by: User) -> None:
    """Open the record to everyone in the organisation who sees people's records again."""
    _remove(restriction)


def _remove(restriction: Restriction) -> None:
    audit.record(
        action=AuditEvent.Action.DELETED,
        instance=restriction,
        person_id=restriction.person_id,
        changes={"named_staff": [sorted(str(u) for u in restriction.named_staff.all()), None]},
    )
    restriction.delete()


def combine_on_merge(*, kept: Any, absorbed: Any) -> None:
    """Two records of one person, both restricted, are merged: the kept record's restriction
    stays, naming the staff of both and keeping both reasons; the absorbed record's is lifted.
    (One restriction alone moves across as it is. A record whose processing is restricted is
    not merged at all: it cannot be changed.)"""
    theirs = Restriction.objects.filter(person=absorbed).prefetch_related("named_staff").first()
    ours = Restriction.objects.select_for_update().filter(person=kept).first()
    if theirs is None or ours is None:
        return
    before = _state(ours, ours.named_staff.all())
    named = {*ours.named_staff.all(), *theirs.named_staff.all()}
    if theirs.reason and theirs.reason not in ours.reason:
        ours.reason = "\n\n".join(part for part in (ours.reason, theirs.reason) if part)
    ours.save()
    ours.named_staff.set(named)
    audit.record(
        action=AuditEvent.Action.UPDATED,
        instance=ours,
        person_id=kept.pk,
        changes=audit.diff(before, _state(ours, named)),
    )
    _remove(theirs)


BREAK_GLASS_SUBJECT = "Emergency access to a restricted record"


@transaction.atomic
def break_glass(*, person: Any, user: User, reason: str) -> BreakGlass:
    """Open a restricted record to `user` for BREAK_GLASS_LASTS, for the reason they give. It
    is audited, and the organisation's managers are told at once: it waits on their task list
    and each is e-mailed (through the queue, once saved)."""
    reason = reason.strip()
    if not reason:
        raise RestrictionError("Say why you need to see this record now")
    if not Restriction.objects.filter(person=person).exists():
        raise RestrictionError("This record is not restricted")
    access = BreakGlass.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        user=user,
        reason=reason,
        until=timezone.now() + BREAK_GLASS_LASTS,
    )
    audit.record(
        action=AuditEvent.Action.BROKE_GLASS,
        instance=person,
        person_id=person.pk,
        changes={"reason": [None, reason]},
    )
    to = [
        manager.email
        for manager in users_who_can(Permission.MANAGE_RESTRICTIONS, person.organisation_id)
        if manager.email and manager.pk != user.pk
    ]
    if to:
        # Neither the person's name nor the reason in an e-mail: the page it links to says
        # whose record it was and why.
        body = (
            f"{user.get_full_name() or user.username} broke the glass to see a restricted "
            "record, giving a reason. It is on your task list until you review it.\n\n"
            f"Review it: {absolute_reverse('restrictions:review', pk=access.pk)}\n"
        )
        transaction.on_commit(
            lambda: send_email.enqueue(subject=BREAK_GLASS_SUBJECT, body=body, to=to)
        )
    return access


@transaction.atomic
def review(*, access: BreakGlass, by: User, decision: str) -> BreakGlass:
    """A manager records what they made of an emergency access; it leaves their task list."""
    if not decision.strip():
        raise RestrictionError("Say what was decided")
    saved = BreakGlass.objects.select_for_update().get(pk=access.pk)
    if saved.reviewed_at is not None:
        raise RestrictionError(f"{saved.reviewed_by} already reviewed this: {saved.review}")
    before = audit.snapshot(saved)
    saved.reviewed_at, saved.reviewed_by, saved.review = timezone.now(), by, decision.strip()
    saved.save()
    audit.record_change(saved, before=before, person_id=saved.person_id)
    return saved

"""Writes of caseload work. Each is one transaction and leaves an audit event; every change
of a case's state goes through referrals.services.move."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.accounts.tasks import send_email
from navigator.activities.models import ActivityReferral
from navigator.activities.states import Status as ActivityStatus
from navigator.audit import services as audit
from navigator.audit.context import current_actor
from navigator.audit.models import AuditEvent
from navigator.contacts import cadence, due
from navigator.contacts.models import (
    CadenceOverride,
    CaseloadSettings,
    Closure,
    Contact,
    FollowUp,
    GPMessage,
    Reallocation,
    Reopening,
    Task,
)
from navigator.contacts.selectors import (
    CASE_STATES,
    caseload_settings,
    cases,
    failed_attempts_in_a_row,
)
from navigator.core.addresses import absolute_reverse
from navigator.core.concurrency import update_versioned
from navigator.core.formatting import format_number
from navigator.outcomes import selectors as outcome_selectors
from navigator.people.models import Person
from navigator.plans.models import Assessment, SupportPlan
from navigator.referrals import services as referral_services
from navigator.referrals.models import CodedEvent, Referral
from navigator.referrals.states import State, TransitionNotAllowed


@transaction.atomic
def log_contact(*, referral: Referral, data: dict[str, Any]) -> Contact:
    """Record a contact (or an attempt that did not connect). A connected contact is recorded
    as the case's first contact when none came before it (an allocated case moves to "first
    contact made"). Raises ValidationError (on `date`) for a contact dated before the referral
    was received."""
    if referral.person_id is None:
        raise TransitionNotAllowed("This referral is not matched to a person's record yet")
    referral_services.check_not_before_received(
        referral=referral,
        day=timezone.localdate(data["when"]),
        field="date",
        what="The date of the contact",
    )
    contact = Contact.objects.create(
        organisation_id=referral.organisation_id,
        referral=referral,
        person_id=referral.person_id,
        recorded_by=current_actor().user,
        **data,
    )
    audit.record_creation(contact, person_id=referral.person_id)
    if contact.connected:
        finish_tasks(referral=referral, kinds=[Task.Kind.CONTACT_DUE, Task.Kind.NOT_ENGAGING])
    else:
        settings = caseload_settings(referral.organisation)
        if failed_attempts_in_a_row(referral) >= settings.disengage_after:
            open_task(referral=referral, kind=Task.Kind.NOT_ENGAGING, due_on=timezone.localdate())
    if contact.connected:
        referral_services.record_stage(
            referral=referral,
            stage=State.FIRST_CONTACT,
            at=contact.when,
            note="First contact logged",
        )
    due.refresh(organisation_id=referral.organisation_id, referral_ids=[referral.pk])
    return contact


def open_task(*, referral: Referral, kind: str, due_on: datetime.date) -> Task | None:
    """Give the case's link worker a task of this kind unless one is open already; the new
    task, or None."""
    if Task.objects.filter(referral=referral, kind=kind, done_at__isnull=True).exists():
        return None
    task = Task.objects.create(
        organisation_id=referral.organisation_id,
        referral=referral,
        person_id=referral.person_id,  # type: ignore[misc]  # a case on a caseload has its person
        kind=kind,
        due_on=due_on,
        assigned_to_id=referral.allocated_to_id,
    )
    audit.record_creation(task, person_id=referral.person_id)
    return task


def finish_tasks(*, referral: Referral, kinds: Iterable[str] | None = None) -> None:
    """Mark the case's open tasks (of these kinds; every kind when None) done: what they
    asked for has happened."""
    found = Task.objects.filter(referral=referral, done_at__isnull=True)
    if kinds is not None:
        found = found.filter(kind__in=list(kinds))
    for task in found:
        _mark_done(task)


def plan_saved(*, person: Person, reviewed: bool) -> None:
    """After the person's plan is saved (registered with plans): a plan with a new review date
    closes its "plan review due" tasks, and the level of need sets how often the person's open
    case is due a contact."""
    if reviewed:
        finish_review_tasks(person=person)
    due.refresh(organisation_id=person.organisation_id, person_id=person.pk)


def finish_review_tasks(*, person: Person) -> None:
    """The person's plan has been reviewed and given a new review date: its open "plan review
    due" tasks are done."""
    for task in Task.objects.filter(
        person=person, kind=Task.Kind.REVIEW_DUE, done_at__isnull=True
    ).select_related("referral"):
        _mark_done(task)


def _mark_done(task: Task) -> Task:
    before = audit.snapshot(task)
    task.done_at = timezone.now()
    task.done_by = current_actor().user
    task.save(update_fields=["done_at", "done_by"])
    audit.record_change(task, before=before, person_id=task.person_id)
    return task


@transaction.atomic
def complete_task(*, task: Task) -> Task:
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.done_at is not None:
        raise TransitionNotAllowed("This task is already done")
    return _mark_done(locked)


def _open_follow_up(follow_up: FollowUp) -> FollowUp:
    """The follow-up, locked, if it is still to be done; otherwise say why not."""
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.done_at is not None:
        raise TransitionNotAllowed("This follow-up is already done")
    if locked.cancelled_at is not None:
        raise TransitionNotAllowed("This follow-up was cancelled")
    return locked


def _stamp_follow_up(follow_up: FollowUp, **changes: object) -> FollowUp:
    before = audit.snapshot(follow_up)
    for name, value in changes.items():
        setattr(follow_up, name, value)
    follow_up.save(update_fields=list(changes))
    audit.record_change(follow_up, before=before, person_id=follow_up.person_id)
    return follow_up


@transaction.atomic
def complete_follow_up(*, follow_up: FollowUp) -> FollowUp:
    return _stamp_follow_up(_open_follow_up(follow_up), done_at=timezone.now())


@transaction.atomic
def cancel_follow_up(*, follow_up: FollowUp) -> FollowUp:
    return _stamp_follow_up(_open_follow_up(follow_up), cancelled_at=timezone.now())


@transaction.atomic
def schedule_follow_up(*, referral: Referral, due_on: datetime.date) -> FollowUp:
    """Schedule the closed case's follow-up for `due_on`, or move it there (a cancelled one
    is scheduled again). Refused for a case not closed, or reopened since."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.state != State.CLOSED or referral.person_id is None:
        raise TransitionNotAllowed("A follow-up is scheduled once the case is closed")
    if Reopening.objects.filter(previous=referral).exists():
        raise TransitionNotAllowed("This case was reopened: its new case is followed up")
    follow_up = FollowUp.objects.filter(referral=referral).first()
    if follow_up is None:
        follow_up = FollowUp.objects.create(
            organisation_id=referral.organisation_id,
            referral=referral,
            person_id=referral.person_id,
            due_on=due_on,
            assigned_to_id=referral.allocated_to_id,
        )
        audit.record_creation(follow_up, person_id=referral.person_id)
        return follow_up
    if follow_up.done_at is not None:
        raise TransitionNotAllowed("This follow-up is already done")
    return _stamp_follow_up(follow_up, due_on=due_on, cancelled_at=None)


def complete_follow_ups_by_measure(*, person_id: int) -> None:
    """A follow-up outcome measure recorded for the person is their follow-up done."""
    for follow_up in FollowUp.objects.select_for_update().filter(
        person_id=person_id, done_at__isnull=True, cancelled_at__isnull=True
    ):
        _stamp_follow_up(follow_up, done_at=timezone.now())


@transaction.atomic
def make_due_tasks(*, user: User, settings: CaseloadSettings, today: datetime.date) -> list[Task]:
    """Tasks for the user's cases with a contact due or overdue, or a plan review due within
    the week or overdue (the daily job runs this). A case already with an open task of the
    kind gets no second one."""
    made = []
    for case in cases(settings, today).filter(
        Q(due_on__lte=today) | ~Q(review_status=""), allocated_to=user
    ):
        if case.due_on is not None and case.due_on <= today:
            made.append(open_task(referral=case, kind=Task.Kind.CONTACT_DUE, due_on=case.due_on))
        if case.review_status and case.review_on is not None:
            made.append(open_task(referral=case, kind=Task.Kind.REVIEW_DUE, due_on=case.review_on))
    return [task for task in made if task]


@transaction.atomic
def set_cadence_override(
    *, referral: Referral, interval_days: int | None, reason: str
) -> CadenceOverride | None:
    """Give the case its own interval, or (with no interval) go back to the level of need."""
    existing = CadenceOverride.objects.filter(referral=referral).first()
    if not interval_days:
        if existing:
            audit.record(
                action=AuditEvent.Action.DELETED,
                instance=existing,
                person_id=referral.person_id,
                changes={},
            )
            existing.delete()
            due.refresh(organisation_id=referral.organisation_id, referral_ids=[referral.pk])
        return None
    values = {
        "interval_days": interval_days,
        "interval": datetime.timedelta(days=interval_days),
        "reason": reason,
        "set_by": current_actor().user,
    }
    if existing:
        before = audit.snapshot(existing)
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        audit.record_change(existing, before=before, person_id=referral.person_id)
        due.refresh(organisation_id=referral.organisation_id, referral_ids=[referral.pk])
        return existing
    override = CadenceOverride.objects.create(
        organisation_id=referral.organisation_id, referral=referral, **values
    )
    audit.record_creation(override, person_id=referral.person_id)
    due.refresh(organisation_id=referral.organisation_id, referral_ids=[referral.pk])
    return override


@transaction.atomic
def update_settings(
    *, settings: CaseloadSettings, expected_version: int, data: dict[str, Any]
) -> CaseloadSettings:
    """StaleEditError when someone saved the settings since the form was opened."""
    saved = CaseloadSettings.objects.get(pk=settings.pk)
    before = audit.snapshot(saved)
    saved = update_versioned(saved, expected_version=expected_version, changes=data)
    audit.record_change(saved, before=before, person_id=None)
    # The intervals changed the due date of every open case of the service: one UPDATE.
    due.refresh(organisation_id=saved.organisation_id)
    return saved


@transaction.atomic
def reallocate(*, referral: Referral, to: User, reason: str) -> Reallocation:
    """Give an open case to another link worker of the service, keeping why."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.state not in CASE_STATES:
        raise TransitionNotAllowed("Only an open case can be reallocated")
    if to.organisation_id != locked.organisation_id or to.role != Role.LINK_WORKER:
        raise TransitionNotAllowed("Choose a link worker of this service")
    if to.pk == locked.allocated_to_id:
        raise TransitionNotAllowed("This case is already allocated to them")
    before = audit.snapshot(locked)
    moved = Reallocation.objects.create(
        organisation_id=locked.organisation_id,
        referral=locked,
        from_user_id=locked.allocated_to_id,
        to_user=to,
        reason=reason,
        at=timezone.now(),
        by=current_actor().user,
    )
    Referral.objects.filter(pk=locked.pk).update(allocated_to=to, version=F("version") + 1)
    # The case's open tasks go with it, to the link worker who now has it.
    Task.objects.filter(referral=locked, done_at__isnull=True).update(assigned_to=to)
    locked.refresh_from_db()
    audit.record_change(locked, before=before, person_id=locked.person_id)
    audit.record_creation(moved, person_id=locked.person_id)
    if to.email:  # told at once, through the queue; the name stays behind the sign-in
        subject = f"Case {locked.reference} has been given to you"
        body = (
            f"{moved.by or 'A service manager'} gave you case {locked.reference}: {reason}\n\n"
            f"Open it: {absolute_reverse('contacts:case', pk=locked.pk)}\n"
        )
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[to.email]))
    return moved


def gp_message_content(referral: Referral, *, summary: str, codes_only: bool) -> dict[str, Any]:
    """The message back to the GP (PRSB): needs, support offered, outcomes and the coded
    events of the case. When the person chose so, only the codes."""
    codes = [
        {"code": event.code, "display": event.get_code_display(), "at": event.at.isoformat()}
        for event in CodedEvent.objects.filter(referral=referral).order_by("at", "pk")
    ]
    content: dict[str, Any] = {
        "reference": referral.reference,
        "person": {
            "name": referral.person.full_name if referral.person else referral.full_name,
            "date_of_birth": referral.date_of_birth.isoformat(),
            "nhs_number": referral.nhs_number,
        },
        "gp_practice": str(referral.gp_practice or ""),
        "referrer": {
            "name": referral.referrer_name,
            "role": referral.referrer_role,
            "organisation": referral.referrer_organisation,
        },
        "received_on": timezone.localdate(referral.received_at).isoformat(),
        "closed_on": timezone.localdate().isoformat(),
        "codes_only": codes_only,
        "coded_events": codes,
    }
    if codes_only:
        return content
    plan = SupportPlan.objects.filter(person=referral.person).first()
    assessment = Assessment.objects.filter(person=referral.person).order_by("-assessed_at").first()
    needs = [reason.name for reason in referral.reasons.all()]
    progress = outcome_selectors.progress(referral.person) if referral.person else {}
    content |= {
        "needs_and_concerns": {
            "reasons": needs,
            "details": referral.reason_details,
            "what_matters": assessment.what_matters if assessment else "",
        },
        "support_offered": {
            "activities": _activities_made(referral),
            "onward_referrals": plan.onward_referrals if plan else "",
            "contacts": Contact.objects.filter(referral=referral, connected=True).count(),
        },
        "outcomes": {
            "goals": _goals_progress(plan, progress.get("goals", [])),
            "measures": [
                {
                    "measure": series.label,
                    "baseline": _number(series.baseline),
                    "latest": _number(series.latest),
                    "change": series.reading,
                }
                for code, measured in progress.items()
                if code != "goals"
                for series in measured
                if series.reading
            ],
            "star_scores": plan.star_scores if plan else {},
        },
        "closing_summary": summary,
    }
    return content


def _number(point: "outcome_selectors.Point | None") -> str:
    """A score as a person writes it ("10", "7.5"), or "" when there is none."""
    return format_number(point.value if point else None)


def _goals_progress(
    plan: SupportPlan | None, scored: list["outcome_selectors.Series"]
) -> list[dict[str, str]]:
    """Each goal of the plan with its start rating and, once progress was rated, the latest."""
    return [
        {
            "goal": goal.words,
            "start": str(goal.baseline_rating),
            "latest": _number(series.latest) if series else "",
            "change": series.reading if series else "",
        }
        for goal, series in outcome_selectors.goals_with_progress(plan, scored)
    ]


def _activities_made(referral: Referral) -> list[dict[str, str | bool]]:
    """The activity referrals of the case (and the person's not tied to any case), each
    with where it got to; drafts and ones entered in error were never made."""
    made = (
        ActivityReferral.objects.filter(
            Q(case=referral) | Q(case__isnull=True, person_id=referral.person_id)
        )
        .exclude(status__in=[ActivityStatus.DRAFT, ActivityStatus.ENTERED_IN_ERROR])
        .select_related("service")
        .order_by("created_at", "pk")
    )
    return [
        {
            "service": activity.service.name,
            "status": activity.get_status_display(),
            "signposted": activity.is_signposting,
        }
        for activity in made
    ]


@transaction.atomic
def close_case(
    *,
    referral: Referral,
    reason: str,
    summary: str,
    reason_other: str = "",
    codes_only: bool = False,
) -> Closure:
    """Close the case (where the state machine allows), schedule the follow-up and keep the
    message back to the GP."""
    referral = referral_services.move(referral=referral, to=State.CLOSED, note=summary, changes={})
    closure = Closure.objects.create(
        organisation_id=referral.organisation_id,
        referral=referral,
        reason=reason,
        reason_other=reason_other,
        summary=summary,
        codes_only=codes_only,
        closed_at=referral.closed_at or timezone.now(),
        closed_by=current_actor().user,
    )
    audit.record_creation(closure, person_id=referral.person_id)
    finish_tasks(referral=referral)
    settings = caseload_settings(referral.organisation)
    if referral.person_id:
        follow_up = FollowUp.objects.create(
            organisation_id=referral.organisation_id,
            referral=referral,
            person_id=referral.person_id,
            due_on=cadence.follow_up_due(
                timezone.localdate(closure.closed_at), settings.follow_up_days
            ),
            assigned_to_id=referral.allocated_to_id,
        )
        audit.record_creation(follow_up, person_id=referral.person_id)
    message = GPMessage.objects.create(
        organisation_id=referral.organisation_id,
        referral=referral,
        content=gp_message_content(referral, summary=summary, codes_only=codes_only),
    )
    audit.record_creation(message, person_id=referral.person_id)
    return closure


COPIED_FIELDS = [
    "given_name",
    "family_name",
    "date_of_birth",
    "nhs_number",
    "address",
    "postcode",
    "phone",
    "email",
    "gp_practice",
    "preferred_contact_method",
    "preferred_contact_times",
    "source_type",
    "referrer_name",
    "referrer_role",
    "referrer_organisation",
    "referrer_email",
    "referrer_phone",
    "referring_organisation",
    "channel",
    "urgency",
    "risks",
    "consent_given",
    "consent_method",
    "consent_given_at",
    "consent_recorded_by",
]


@transaction.atomic
def reopen_case(
    *,
    referral: Referral,
    reason: str,
    link_worker: User | None = None,
    to_waiting_list: bool = False,
) -> Reopening:
    """Start a closed case again as a new case for the same person. The closed case
    keeps its history; the new one is triaged and accepted, then allocated to `link_worker`
    (by default the previous one) or put on the waiting list. The reason is kept on the
    reopening and in the new case's history."""
    previous = Referral.objects.select_for_update().get(pk=referral.pk)
    if previous.state != State.CLOSED:
        raise TransitionNotAllowed("Only a closed case can be reopened")
    if previous.person_id is None:
        raise TransitionNotAllowed("This case has no person's record to reopen")
    if Reopening.objects.filter(previous=previous).exists():
        raise TransitionNotAllowed("This case has already been reopened")
    worker = None
    if not to_waiting_list:
        worker = link_worker or previous.allocated_to or current_actor().user
        if worker.organisation_id != previous.organisation_id or worker.role != Role.LINK_WORKER:
            raise TransitionNotAllowed("Choose a link worker of this service")
    note = f"Reopened from {previous.reference}: {reason}"
    data = {name: getattr(previous, name) for name in COPIED_FIELDS}
    data["reason_details"] = f"{note}\n\n{previous.reason_details}".strip()
    new = referral_services.receive_referral(
        organisation=previous.organisation, data=data, reasons=previous.reasons.all()
    )
    new = referral_services.move(
        referral=new, to=State.TRIAGED, note=note, changes={"person_id": previous.person_id}
    )
    new = referral_services.move(referral=new, to=State.ACCEPTED, note=note)
    if worker is None:
        new = referral_services.move(referral=new, to=State.WAITING, note=note)
    else:
        new = referral_services.move(
            referral=new, to=State.ALLOCATED, note=note, changes={"allocated_to": worker}
        )
    reopening = Reopening.objects.create(
        organisation_id=previous.organisation_id,
        previous=previous,
        new=new,
        reason=reason,
        at=timezone.now(),
        by=current_actor().user,
    )
    audit.record_creation(reopening, person_id=previous.person_id)
    for follow_up in FollowUp.objects.select_for_update().filter(
        referral=previous, done_at__isnull=True, cancelled_at__isnull=True
    ):  # the closed case is no longer followed up: the person is being supported again
        _stamp_follow_up(follow_up, cancelled_at=reopening.at)
    return reopening

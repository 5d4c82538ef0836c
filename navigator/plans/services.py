"""Writes for assessments, support plans and their settings. Each is one transaction and leaves
an audit event."""

import datetime
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Permission
from navigator.accounts.selectors import users_who_can
from navigator.accounts.tasks import send_email
from navigator.audit import services as audit
from navigator.audit.models import AuditEvent
from navigator.core.addresses import absolute_reverse
from navigator.core.concurrency import StaleEditError, update_versioned
from navigator.core.formatting import format_date
from navigator.people.models import FamilyMember, Person
from navigator.plans.models import (
    DEFAULT_LIFE_AREAS,
    Assessment,
    AssessmentNeed,
    Goal,
    LifeArea,
    ManagerTask,
    OutcomeStar,
    PlanRevision,
    SupportPlan,
)
from navigator.referrals import services as referral_services
from navigator.referrals.models import Referral
from navigator.referrals.states import State

# Navigator's own default wellbeing star: areas and wording written for Navigator (not those of
# any proprietary star).
DEFAULT_STAR = {
    "name": "Navigator wellbeing star",
    "kind": OutcomeStar.Kind.WORDED,
    "scale": 5,
    "areas": [
        "Feeling well in myself",
        "People around me",
        "Getting out and about",
        "Day-to-day living",
        "Paying the bills",
        "My home",
        "Things I enjoy doing",
        "Confidence with my health",
    ],
    "point_labels": [
        "Struggling a lot",
        "Finding things hard",
        "Getting by",
        "Mostly all right",
        "Doing well",
    ],
}

# What else is done when a plan is saved (contacts closes its "plan review due" tasks once the
# plan has a new review date, and sets when the case is next due a contact): apps above plans
# register a function of `person` and `reviewed` in their `AppConfig.ready`, so that plans does
# not import them.
_on_plan_saved: list[Callable[..., None]] = []


def register_plan_saved(then: Callable[..., None]) -> None:
    if then not in _on_plan_saved:
        _on_plan_saved.append(then)


@transaction.atomic
def life_areas_for(organisation: Organisation) -> list[LifeArea]:
    """The organisation's life areas, seeded from the default list the first time."""
    areas = list(LifeArea.objects.filter(organisation=organisation))
    if not areas:
        areas = LifeArea.objects.bulk_create(
            LifeArea(organisation=organisation, name=name, position=index)
            for index, name in enumerate(DEFAULT_LIFE_AREAS, start=1)
        )
    return [area for area in areas if area.active]


@transaction.atomic
def star_for(organisation: Organisation) -> OutcomeStar:
    """The organisation's outcome star; Navigator's default one is created on first use."""
    star = OutcomeStar.objects.filter(organisation=organisation).order_by("pk").first()
    if star is None:
        star = OutcomeStar.objects.create(organisation=organisation, **DEFAULT_STAR)
    return star


@transaction.atomic
def update_life_areas(
    *, organisation: Organisation, names: list[str], expected: list[str] | None = None
) -> list[LifeArea]:
    """Make the active list `names`, in that order. Areas no longer named are kept, inactive,
    because past assessments refer to them."""
    existing = {
        area.name.casefold(): area for area in LifeArea.objects.filter(organisation=organisation)
    }
    kept = []
    for position, name in enumerate(names, start=1):
        area = existing.pop(name.casefold(), None)
        if area is None:
            area = LifeArea.objects.create(organisation=organisation, name=name, position=position)
            audit.record_creation(area, person_id=None)
        elif area.position != position or not area.active or area.name != name:
            before = audit.snapshot(area)
            area.position, area.active, area.name = position, True, name
            area.save()
            audit.record_change(area, before=before, person_id=None)
        kept.append(area)
    for area in existing.values():
        if area.active:
            before = audit.snapshot(area)
            area.active = False
            area.save()
            audit.record_change(area, before=before, person_id=None)
    return kept


@transaction.atomic
def update_star(*, star: OutcomeStar, expected_version: int, data: dict[str, Any]) -> OutcomeStar:
    saved = OutcomeStar.objects.select_for_update().get(pk=star.pk)
    before = audit.snapshot(saved)
    star = update_versioned(saved, expected_version=expected_version, changes=data)
    audit.record_change(star, before=before, person_id=None)
    return star


@transaction.atomic
def record_assessment(
    *,
    person: Person,
    recorded_by: User,
    data: dict[str, Any],
    family_present: list[FamilyMember],
    needs: list[dict[str, Any]],
) -> Assessment:
    """Record an assessment; a safeguarding concern raises a task for the service manager.
    Raises ValidationError (on `assessed_on`) for an assessment of a case dated before its
    referral was received."""
    if data.get("referral") is not None:
        referral_services.check_not_before_received(
            referral=data["referral"],
            day=timezone.localdate(data["assessed_at"]),
            field="assessed_on",
            what="The date of the assessment",
        )
    assessment = Assessment.objects.create(
        organisation_id=person.organisation_id, person=person, recorded_by=recorded_by, **data
    )
    assessment.family_present.set(family_present)
    AssessmentNeed.objects.bulk_create(
        AssessmentNeed(
            organisation_id=person.organisation_id,
            assessment=assessment,
            life_area=need["life_area"],
            area_name=need["life_area"].name,
            rating=need["rating"],
            note=need["note"],
        )
        for need in needs
        if need["rating"] is not None or need["note"]
    )
    audit.record_creation(assessment, person_id=person.pk)
    if assessment.referral is not None:
        referral_services.record_stage(
            referral=assessment.referral,
            stage=State.ASSESSED,
            at=assessment.assessed_at,
            note="Assessment recorded",
        )
    if assessment.safeguarding_concern:
        raise_manager_task(
            kind=ManagerTask.Kind.SAFEGUARDING,
            person=person,
            assessment=assessment,
            details=assessment.safeguarding_details,
            raised_by=recorded_by,
        )
    return assessment


# What the e-mail to managers says: no names or details, which stay behind the sign-in.
TASK_EMAIL_SUBJECTS: dict[str, str] = {
    ManagerTask.Kind.SAFEGUARDING: "Safeguarding concern raised: please look at it now",
    ManagerTask.Kind.POSSIBLE_DUPLICATE: "A possible duplicate record to check",
}


@transaction.atomic
def raise_manager_task(
    *,
    kind: str,
    person: Person,
    details: str,
    raised_by: User,
    assessment: Assessment | None = None,
    other_person: Person | None = None,
) -> ManagerTask:
    """A task for the service's managers, who are each e-mailed at once (through the queue,
    once the task is saved) that it is waiting for them."""
    task = ManagerTask.objects.create(
        organisation_id=person.organisation_id,
        kind=kind,
        person=person,
        other_person=other_person,
        assessment=assessment,
        details=details,
        raised_by=raised_by,
    )
    audit.record_creation(task, person_id=person.pk)
    to = [
        user.email
        for user in users_who_can(Permission.ALLOCATE_REFERRALS, person.organisation_id)
        if user.email
    ]
    if to:
        subject = TASK_EMAIL_SUBJECTS[kind]
        body = (
            f"{raised_by.get_full_name() or raised_by.username} raised a task for the service "
            f"managers: {task.get_kind_display().lower()}.\n\n"
            f"See it and record what was decided: {absolute_reverse('plans:task', pk=task.pk)}\n"
        )
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))
    return task


class TaskError(ValueError):
    pass


@transaction.atomic
def complete_task(*, task: ManagerTask, done_by: User, decision: str) -> ManagerTask:
    """Close the task, recording what was decided and by whom."""
    if not decision.strip():
        raise TaskError("Say what was decided")
    saved = ManagerTask.objects.select_for_update().get(pk=task.pk)
    if saved.done_at is not None:
        raise TaskError(
            f"This task was already dealt with by {saved.done_by} on "
            f"{format_date(saved.done_at)}: {saved.decision or 'no decision recorded'}"
        )
    before = audit.snapshot(saved)
    saved.done_at, saved.done_by, saved.decision = timezone.now(), done_by, decision.strip()
    saved.save()
    audit.record_change(saved, before=before, person_id=saved.person_id)
    return saved


def plan_snapshot(plan: SupportPlan) -> dict[str, Any]:
    """Everything a revision keeps, as plain JSON values."""
    return {
        "person_took_part": plan.person_took_part,
        "family_took_part": list(plan.family_took_part),
        "others_took_part": plan.others_took_part,
        "agreement_method": plan.get_agreement_method_display(),
        "agreed_on": plan.agreed_on.isoformat(),
        "goals": [
            {
                "words": goal.words,
                "baseline_rating": goal.baseline_rating,
                "good_looks_like": goal.good_looks_like,
                "next_steps": goal.next_steps,
                "who_helps": goal.who_helps,
            }
            for goal in plan.goals.order_by("position")
        ],
        "star": plan.star.name if plan.star else None,
        "star_scale": plan.star.scale if plan.star else None,
        "star_scores": dict(plan.star_scores),
        "activities": list(plan.activities),
        "onward_referrals": plan.onward_referrals,
        "level_of_need": plan.get_level_of_need_display(),
        "review_date": plan.review_date.isoformat(),
        "link_worker": str(plan.link_worker),
    }


def _save_goals(plan: SupportPlan, goals: list[dict[str, Any]]) -> None:
    # A goal's start rating is the baseline its progress is measured from: a review that keeps
    # the goal's words keeps its start rating, whatever rating the form held.
    started = {goal.words: goal.baseline_rating for goal in plan.goals.all()}
    goals = [
        {**goal, "baseline_rating": started.get(goal["words"], goal["baseline_rating"])}
        for goal in goals
    ]
    plan.goals.all().delete()
    Goal.objects.bulk_create(
        Goal(organisation_id=plan.organisation_id, plan=plan, position=position, **goal)
        for position, goal in enumerate(goals, start=1)
    )


@transaction.atomic
def save_plan(
    *,
    person: Person,
    expected_version: int,
    data: dict[str, Any],
    goals: list[dict[str, Any]],
    saved_by: User,
    independence: dict[str, str] | None = None,
    case: Referral | None = None,
) -> SupportPlan:
    """Create the person's plan (expected_version 0) or revise it; every save is kept as a
    PlanRevision, with the review's answers about independence (`done_without_link_worker`,
    `needed_before_ending`). The plan agreed on `case` (the person's open case) moves that
    case to active support; a new plan belongs to it. A review date moved into the future
    finishes the case's "plan review due" task. Raises StaleEditError when someone saved since
    the form was opened."""
    if not goals:
        raise ValueError("A support plan needs at least one goal")
    Person.objects.select_for_update().get(pk=person.pk)  # one save of this plan at a time
    plan = SupportPlan.objects.filter(person=person).first()
    if plan is None:
        plan = SupportPlan.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            referral=case,
            link_worker=data.pop("link_worker", saved_by),
            **data,
        )
        _save_goals(plan, goals)
        audit.record_creation(plan, person_id=person.pk)
    else:
        if not expected_version:  # someone else made the plan while this form was open
            raise StaleEditError(current=plan)
        before = plan_snapshot(plan)
        plan = update_versioned(plan, expected_version=expected_version, changes=data)
        _save_goals(plan, goals)
        after = plan_snapshot(plan)
        audit.record(
            action=AuditEvent.Action.UPDATED,
            instance=plan,
            person_id=person.pk,
            changes=audit.diff(before, after),
        )
    PlanRevision.objects.create(
        organisation_id=plan.organisation_id,
        plan=plan,
        number=plan.version,
        snapshot=plan_snapshot(plan),
        saved_by=saved_by,
        **(independence or {}),
    )
    if case is not None:
        referral_services.record_stage(
            referral=case, stage=State.ACTIVE, at=timezone.now(), note="Support plan agreed"
        )
    for then in _on_plan_saved:
        then(person=person, reviewed=plan.review_date > timezone.localdate())
    return plan


def default_review_date() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(weeks=12)

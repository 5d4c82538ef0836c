"""Reads for assessments and plans, the differences between revisions and the charts."""

import base64
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import Case, QuerySet, When

from navigator.accounts.selectors import with_names
from navigator.audit.models import AuditEvent
from navigator.core.timeline import TimelineEntry
from navigator.people.models import Person
from navigator.plans.models import Assessment, ManagerTask, PlanRevision, SupportPlan
from navigator.referrals.models import Referral
from navigator.referrals.states import CASE_STAGES, OPEN_STATES

SNAPSHOT_LABELS = {
    "person_took_part": "The person took part",
    "family_took_part": "Family and carers who took part",
    "others_took_part": "Others who took part",
    "agreement_method": "How the person agreed",
    "agreed_on": "Date agreed",
    "star": "Outcome star",
    "onward_referrals": "Onward referrals",
    "level_of_need": "Level of need",
    "review_date": "Review date",
    "link_worker": "Link worker",
}
GOAL_LABELS = {
    "words": "in the person's words",
    "baseline_rating": "baseline rating",
    "good_looks_like": "what good looks like",
    "next_steps": "next steps",
    "who_helps": "who helps",
}
ACTIVITY_LABELS = {"name": "name", "when": "when", "where": "where", "contact": "contact"}


def plan_of(person: Person) -> SupportPlan | None:
    return (
        SupportPlan.objects.filter(person=person)
        .select_related("star", "link_worker")
        .prefetch_related("goals")
        .first()
    )


def open_case_of(person: Person) -> Referral | None:
    """The person's current case: their latest case being worked, else their latest
    referral still open."""
    return (
        Referral.objects.filter(person=person, state__in=OPEN_STATES)
        .annotate(is_case=Case(When(state__in=CASE_STAGES, then=1), default=0))
        .order_by("-is_case", "-pk")
        .first()
    )


def assessments_of(person: Person) -> QuerySet[Assessment]:
    return Assessment.objects.filter(person=person).select_related("recorded_by")


def open_safeguarding_tasks(person: Person) -> QuerySet[ManagerTask]:
    return ManagerTask.objects.filter(
        person=person, kind=ManagerTask.Kind.SAFEGUARDING, done_at__isnull=True
    )


def tasks_to_do() -> QuerySet[ManagerTask]:
    return ManagerTask.objects.select_related(
        "person", "other_person", "raised_by", "done_by"
    ).order_by("done_at", "-raised_at")


def _shown(value: object) -> str:
    if value in (None, "", [], {}):
        return "–"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _flatten(snapshot: dict[str, Any]) -> dict[str, str]:
    """A snapshot as {readable label: shown value}, for comparing two revisions."""
    flat = {label: _shown(snapshot.get(key)) for key, label in SNAPSHOT_LABELS.items()}
    for index, goal in enumerate(snapshot.get("goals", []), start=1):
        for key, label in GOAL_LABELS.items():
            flat[f"Goal {index}: {label}"] = _shown(goal.get(key))
    for index, activity in enumerate(snapshot.get("activities", []), start=1):
        for key, label in ACTIVITY_LABELS.items():
            flat[f"Activity {index}: {label}"] = _shown(activity.get(key))
    for area, score in snapshot.get("star_scores", {}).items():
        flat[f"Star: {area}"] = _shown(score)
    return flat


class RevisionChange(TypedDict):
    label: str
    before: str
    after: str


def revision_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[RevisionChange]:
    """What changed from one revision to the next: [{label, before, after}]."""
    if before is None:
        return []
    old, new = _flatten(before), _flatten(after)
    labels = list(old) + [label for label in new if label not in old]
    return [
        {"label": label, "before": old.get(label, "–"), "after": new.get(label, "–")}
        for label in labels
        if old.get(label, "–") != new.get(label, "–")
    ]


@dataclass(frozen=True)
class HistoryEntry:
    revision: PlanRevision
    changes: list[RevisionChange]


def plan_history(plan: SupportPlan) -> list[HistoryEntry]:
    """Every revision, newest first, each with what changed from the one before."""
    revisions = list(plan.revisions.select_related("saved_by").order_by("number"))
    entries = []
    previous = None
    for revision in revisions:
        entries.append(HistoryEntry(revision, revision_changes(previous, revision.snapshot)))
        previous = revision.snapshot
    return list(reversed(entries))


def latest_independence_answers(plan: SupportPlan | None) -> PlanRevision | None:
    """The latest revision that answered the review's questions about independence."""
    if plan is None:
        return None
    return _latest_answers(plan.revisions.all())


def latest_independence_answers_of(person_id: int) -> PlanRevision | None:
    """`latest_independence_answers` of the person's plan, without reading the plan."""
    return _latest_answers(PlanRevision.objects.filter(plan__person_id=person_id))


def _latest_answers(revisions: QuerySet[PlanRevision]) -> PlanRevision | None:
    # With only what plans/_independence.jinja shows: not the revision's snapshot of the plan.
    return (
        revisions.exclude(done_without_link_worker="", needed_before_ending="")
        .select_related("saved_by")
        .only(
            "plan",
            "saved_at",
            "done_without_link_worker",
            "needed_before_ending",
            *with_names("saved_by"),
        )
        .order_by("-number")
        .first()
    )


class StarRow(TypedDict):
    area: str
    baseline: int | None
    latest: int | None
    latest_label: str


def star_rows(plan: SupportPlan) -> list[StarRow]:
    """The star's areas with the baseline (first revision scored) and latest score."""
    if not plan.star:
        return []
    baseline: dict[str, int] = {}
    for revision in plan.revisions.order_by("number"):
        if revision.snapshot.get("star_scores"):
            baseline = revision.snapshot["star_scores"]
            break
    return [
        {
            "area": area,
            "baseline": baseline.get(area),
            "latest": plan.star_scores.get(area),
            "latest_label": plan.star.label_for(plan.star_scores.get(area)),
        }
        for area in plan.star.areas
    ]


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _pygal_config() -> dict[str, Any]:
    from pygal.style import Style

    style = Style(
        background="white",
        plot_background="white",
        foreground="#212b32",
        foreground_strong="#212b32",
        foreground_subtle="#4c6272",
        colors=("#005eb8", "#007f3b", "#d5281b"),
        font_family="Arial, sans-serif",
        label_font_size=14,
        major_label_font_size=14,
        legend_font_size=16,
        title_font_size=18,
    )
    # No JavaScript: the chart is a picture; the table beside it carries the numbers.
    return {"js": [], "style": style, "disable_xml_declaration": True, "width": 700}


def star_chart(plan: SupportPlan, rows: list[StarRow]) -> str | None:
    """The star as a radar chart (baseline and latest), as a data: URI for an <img>."""
    if plan.star is None or not rows or not any(row["latest"] is not None for row in rows):
        return None
    import pygal

    chart = pygal.Radar(
        title=f"{plan.star.name}: baseline and latest",
        range=(0, plan.star.scale),
        fill=False,
        show_legend=True,
        legend_at_bottom=True,
        height=560,
        **_pygal_config(),
    )
    chart.x_labels = [row["area"] for row in rows]
    chart.add("Baseline", [row["baseline"] for row in rows])
    chart.add("Latest", [row["latest"] for row in rows])
    return _data_uri(chart.render(is_unicode=True))


def goal_chart(plan: SupportPlan) -> str | None:
    """The goals' baseline ratings as bars, as a data: URI for an <img>."""
    goals = list(plan.goals.all())
    if not goals:
        return None
    import pygal

    chart = pygal.HorizontalBar(
        title="Goal ratings (0 = not started, 10 = reached)",
        range=(0, 10),
        show_legend=False,
        height=120 + 80 * len(goals),
        **_pygal_config(),
    )
    chart.x_labels = [f"Goal {goal.position}" for goal in goals]
    chart.add("Baseline rating", [goal.baseline_rating for goal in goals])
    return _data_uri(chart.render(is_unicode=True))


TIMELINE_TITLES: dict[tuple[str, str], str] = {
    ("plans.assessment", AuditEvent.Action.CREATED): "Assessment recorded",
    ("plans.supportplan", AuditEvent.Action.CREATED): "Support plan agreed",
    ("plans.supportplan", AuditEvent.Action.UPDATED): "Support plan revised",
    ("plans.managertask", AuditEvent.Action.CREATED): "Safeguarding concern raised",
    ("plans.managertask", AuditEvent.Action.UPDATED): "Safeguarding concern dealt with",
}


def plan_timeline(person: Person) -> list[TimelineEntry]:
    """Timeline source: assessments, plans and safeguarding concerns."""
    events = AuditEvent.objects.filter(
        person_id=person.pk,
        object_type__in=["plans.assessment", "plans.supportplan", "plans.managertask"],
        action__in=[AuditEvent.Action.CREATED, AuditEvent.Action.UPDATED],
    ).only("at", "object_type", "action", "object_label", "actor_name")
    return [
        TimelineEntry(
            at=event.at,
            title=TIMELINE_TITLES.get((event.object_type, event.action), event.object_label),
            actor=event.actor_name,
        )
        for event in events
    ]


def open_task_count() -> int:
    """Tasks waiting for the organisation's managers (shown on their home page), emergency
    access to restricted records waiting for review among them."""
    from navigator.restrictions.selectors import unreviewed_emergency_accesses

    return (
        ManagerTask.objects.filter(done_at__isnull=True).count()
        + unreviewed_emergency_accesses().count()
    )

"""What assessments and support plans hold about a person, for subject access and destruction."""

from django.db.models import Q

from navigator.core.person_data import Held, register_person_data, through
from navigator.plans.models import (
    Assessment,
    AssessmentNeed,
    Goal,
    ManagerTask,
    PlanRevision,
    SupportPlan,
)

ASSESSMENT_TEXT = (
    "setting_other",
    "remote_reason",
    "interpreter_name",
    "other_professionals",
    "what_matters",
    "risks",
    "safeguarding_details",
    "action_taken",
)
GOAL_TEXT = ("words", "good_looks_like", "next_steps", "who_helps")
REVISION_TEXT = ("done_without_link_worker", "needed_before_ending")


def _own_tasks(rows, ids: list[int]):
    # A flagged possible duplicate names the other record too: released only with the task
    # about this person.
    return rows.filter(person__in=ids)


register_person_data(
    Held(
        "Assessments",
        through(Assessment),
        erase=dict.fromkeys(ASSESSMENT_TEXT, ""),
        free_text=ASSESSMENT_TEXT,
        covers=("plans.assessment.person",),
    ),
    Held(
        "Needs recorded at assessment",
        through(AssessmentNeed, "assessment__person"),
        erase={"note": ""},
        free_text=("note",),
    ),
    Held(
        "Support plans",
        through(SupportPlan),
        erase={
            "family_took_part": [],
            "others_took_part": "",
            "activities": [],
            "onward_referrals": "",
        },
        free_text=("others_took_part", "onward_referrals"),
        covers=("plans.supportplan.person",),
    ),
    Held(
        "Goals",
        through(Goal, "plan__person"),
        erase=dict.fromkeys(GOAL_TEXT, ""),
        free_text=GOAL_TEXT,
    ),
    Held(
        "Support plan revisions",
        through(PlanRevision, "plan__person"),
        erase={"snapshot": {}, **dict.fromkeys(REVISION_TEXT, "")},
        free_text=REVISION_TEXT,
    ),
    Held(
        "Managers' tasks",
        lambda ids: ManagerTask.objects.filter(Q(person__in=ids) | Q(other_person__in=ids)),
        erase={"details": "", "decision": ""},
        free_text=("details", "decision"),
        exported=_own_tasks,
        covers=("plans.managertask.person", "plans.managertask.other_person"),
    ),
)

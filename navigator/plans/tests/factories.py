"""Factories and POST-data builders for assessments and plans."""

import datetime
from typing import Any

import factory
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.core.tests.factories import earlier_today
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.plans import services
from navigator.plans.models import Assessment, ManagerTask, SupportPlan


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    assessed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    setting = "home"
    what_matters = "Getting back to my allotment"
    recorded_by = factory.SubFactory(
        UserFactory,
        organisation=factory.SelfAttribute("..organisation"),
        role=Role.LINK_WORKER,
    )


class ManagerTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagerTask

    assessment = factory.SubFactory(AssessmentFactory, safeguarding_concern=True)
    person = factory.SelfAttribute("assessment.person")
    organisation = factory.SelfAttribute("person.organisation")
    kind = ManagerTask.Kind.SAFEGUARDING
    details = "Worried about a neighbour taking their money"
    raised_by = factory.SelfAttribute("assessment.recorded_by")


GOALS = [
    {
        "words": "I want to get back to my allotment",
        "baseline_rating": 2,
        "good_looks_like": "Going twice a week",
        "next_steps": "Ring the allotment society",
        "who_helps": "My son",
    }
]
ACTIVITIES = [
    {
        "name": "Walking football",
        "when": "Tuesdays at 10am",
        "where": "Meanwood Park",
        "contact": "Sam, 0113 496 0000",
    }
]


def make_plan(
    person: Person | None = None,
    *,
    user: Any = None,
    goals: list[dict[str, Any]] | None = None,
    **data: Any,
) -> SupportPlan:
    """A saved plan (through the service, so it has its first revision)."""
    person = person or PersonFactory()
    user = user or UserFactory(organisation=person.organisation, role=Role.LINK_WORKER)
    star = services.star_for(person.organisation)
    values: dict[str, Any] = {
        "person_took_part": True,
        "family_took_part": [],
        "others_took_part": "",
        "agreement_method": "verbal",
        "agreed_on": timezone.localdate(),
        "activities": ACTIVITIES,
        "onward_referrals": "",
        "level_of_need": "medium",
        "review_date": timezone.localdate() + datetime.timedelta(weeks=12),
        "star": star,
        "star_scores": {area: 2 for area in star.areas},
    }
    values.update(data)
    return services.save_plan(
        person=person,
        expected_version=0,
        data=values,
        goals=goals if goals is not None else GOALS,
        saved_by=user,
    )


def _date(prefix: str, date: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(date.day),
        f"{prefix}_month": str(date.month),
        f"{prefix}_year": str(date.year),
    }


def assessment_post(**changes: Any) -> dict[str, Any]:
    """A valid 'Record an assessment' submission; `changes` override fields."""
    when = earlier_today(hours=2)
    data: dict[str, Any] = {
        **_date("assessed_on", when.date()),
        "assessed_time": when.strftime("%H:%M"),
        "setting": "home",
        "mode": "in_person",
        "person_present": "on",
        "what_matters": "Seeing my grandchildren more",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def plan_post(version: int = 0, **changes: Any) -> dict[str, Any]:
    """A valid 'Make a support plan' submission; `changes` override fields."""
    data: dict[str, Any] = {
        "version": str(version),
        "person_took_part": "on",
        "agreement_method": "verbal",
        **_date("agreed_on", timezone.localdate()),
        "goal_1_words": "I want to feel less lonely",
        "goal_1_baseline": "3",
        "goal_1_good": "Seeing friends every week",
        "goal_1_steps": "Try the lunch club",
        "goal_1_helps": "My daughter",
        "activity_1_name": "Lunch club",
        "activity_1_when": "Thursdays at noon",
        "activity_1_where": "St Mark's church hall",
        "activity_1_contact": "Pat Jones, 0113 496 0001",
        "star_0": "2",
        "star_1": "3",
        "level_of_need": "medium",
        **_date("review_date", timezone.localdate() + datetime.timedelta(weeks=12)),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}

import pytest
from django.utils import timezone

from navigator.audit.models import AuditEvent
from navigator.core.concurrency import StaleEditError
from navigator.people.tests.factories import FamilyMemberFactory, PersonFactory
from navigator.plans import services
from navigator.plans.models import (
    DEFAULT_LIFE_AREAS,
    LifeArea,
    ManagerTask,
    OutcomeStar,
    PlanRevision,
)
from navigator.plans.tests.factories import GOALS, make_plan

pytestmark = pytest.mark.django_db


def test_life_areas_are_seeded_from_the_default_list_once(organisation):
    areas = services.life_areas_for(organisation)
    assert [area.name for area in areas] == DEFAULT_LIFE_AREAS
    services.life_areas_for(organisation)
    assert LifeArea.objects.filter(organisation=organisation).count() == len(DEFAULT_LIFE_AREAS)


def test_a_life_area_taken_off_the_list_is_kept_inactive(organisation):
    services.life_areas_for(organisation)
    services.update_life_areas(organisation=organisation, names=["Money", "Allotments"])
    assert [a.name for a in services.life_areas_for(organisation)] == ["Money", "Allotments"]
    assert LifeArea.objects.get(organisation=organisation, name="Housing").active is False


def test_the_default_star_is_our_own_and_made_once(organisation):
    star = services.star_for(organisation)
    assert star.name == "Navigator wellbeing star"
    assert star.scale == 5 and len(star.point_labels) == 5 and len(star.areas) == 8
    # Not the proprietary Well-being Star's areas.
    assert not {"Lifestyle", "Looking after yourself", "Managing symptoms"} & set(star.areas)
    assert services.star_for(organisation) == star
    assert OutcomeStar.objects.filter(organisation=organisation).count() == 1


def test_a_safeguarding_concern_raises_a_task_for_the_manager(link_worker):
    person = PersonFactory(organisation=link_worker.organisation)
    carer = FamilyMemberFactory(person=person)
    area = services.life_areas_for(person.organisation)[0]
    assessment = services.record_assessment(
        person=person,
        recorded_by=link_worker,
        data={
            "assessed_at": timezone.now(),
            "setting": "home",
            "what_matters": "My cat",
            "safeguarding_concern": True,
            "safeguarding_details": "Unexplained bruises",
            "action_taken": "Told the manager",
        },
        family_present=[carer],
        needs=[
            {"life_area": area, "rating": 6, "note": "Lonely"},
            {"life_area": area, "rating": None, "note": ""},
        ],
    )
    assert list(assessment.family_present.all()) == [carer]
    assert assessment.needs.count() == 1  # an area not discussed is not stored
    task = ManagerTask.objects.get(person=person)
    assert task.details == "Unexplained bruises" and task.done_at is None
    assert AuditEvent.objects.filter(object_type="plans.assessment").exists()


def test_saving_a_plan_keeps_every_revision(link_worker):
    plan = make_plan(user=link_worker)
    assert plan.version == 1
    assert plan.revisions.get().snapshot["goals"][0]["words"] == GOALS[0]["words"]
    plan = services.save_plan(
        person=plan.person,
        expected_version=1,
        data={"level_of_need": "high"},
        goals=[dict(GOALS[0], baseline_rating=5)],
        saved_by=link_worker,
    )
    assert plan.version == 2
    assert list(PlanRevision.objects.filter(plan=plan).values_list("number", flat=True)) == [2, 1]
    assert plan.revisions.get(number=2).snapshot["level_of_need"] == "High"


def test_a_review_keeps_each_agreed_goals_start_rating(link_worker):
    plan = make_plan(user=link_worker)  # "I want to get back to my allotment", start 2
    new_goal = {**GOALS[0], "words": "Join a walking group", "baseline_rating": 4}

    plan = services.save_plan(
        person=plan.person,
        expected_version=1,
        data={},
        goals=[dict(GOALS[0], baseline_rating=7), new_goal],
        saved_by=link_worker,
    )

    assert list(plan.goals.values_list("words", "baseline_rating")) == [
        ("I want to get back to my allotment", 2),
        ("Join a walking group", 4),
    ]


def test_a_save_from_a_stale_version_is_refused(link_worker):
    plan = make_plan(user=link_worker)
    services.save_plan(
        person=plan.person, expected_version=1, data={}, goals=GOALS, saved_by=link_worker
    )
    with pytest.raises(StaleEditError):
        services.save_plan(
            person=plan.person, expected_version=1, data={}, goals=GOALS, saved_by=link_worker
        )
    with pytest.raises(StaleEditError):  # a second "new plan" form, opened before the first
        services.save_plan(
            person=plan.person, expected_version=0, data={}, goals=GOALS, saved_by=link_worker
        )
    assert plan.revisions.count() == 2


def test_a_plan_needs_a_goal(link_worker):
    with pytest.raises(ValueError):
        make_plan(user=link_worker, goals=[])
